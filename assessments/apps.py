from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Результаты оценочных процедур"
    url_prefix = "assessments/"

    def ready(self) -> None:
        from .risk import risk_recompute_after_import
        from .signals import results_changed

        def _recompute_lists(sender, school_ids, years, **kwargs):
            risk_recompute_after_import(school_ids=school_ids, years=years)

        # Results feed the ШНОР lists of the following two years: recompute them (debounced) after each import.
        results_changed.connect(_recompute_lists, weak=False, dispatch_uid="assessments.risk_after_import")

        from django.db.models.signals import post_delete, post_save

        from .risk import subject_names

        def _subjects_changed(sender, **kwargs):
            subject_names.cache_clear()

        for signal in (post_save, post_delete):
            signal.connect(_subjects_changed, sender="assessments.Subject", weak=False,
                           dispatch_uid=f"assessments.subject_names_{signal is post_save}")
