from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Результаты оценочных процедур"

    def ready(self) -> None:
        from .risk import risk_recompute_after_import
        from .signals import results_changed

        def _recompute_lists(sender, school_ids, years, **kwargs):
            risk_recompute_after_import(school_ids=school_ids, years=years)

        # Results feed the ШНОР lists of the following two years: recompute them (debounced) after each import.
        results_changed.connect(_recompute_lists, weak=False, dispatch_uid="assessments.risk_after_import")
