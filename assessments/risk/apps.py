from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig


class RiskConfig(AppConfig):
    """The ШНОР lists (schools with low results) and the watch zone: the rule, its versioned parameters, the computed
    and official lists. Not the school's risk profile, which is `programs.RiskProfile`."""

    name = "assessments.risk"
    label = "risk"
    verbose_name = "Списки ШНОР и зона риска"
    url_prefix = "risk/"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from assessments.signals import results_changed

        from .formatting import subject_names
        from .services import risk_recompute_after_import

        def _recompute_lists(sender: object, school_ids: Iterable[int], years: Iterable[int], **kwargs: Any) -> None:
            risk_recompute_after_import(school_ids=school_ids, years=years)

        # Results feed the ШНОР lists of the following two years: recompute them (debounced) after each import.
        results_changed.connect(_recompute_lists, weak=False, dispatch_uid="assessments.risk_after_import")

        def _subjects_changed(sender: object, **kwargs: Any) -> None:
            subject_names.cache_clear()

        for signal in (post_save, post_delete):
            signal.connect(
                _subjects_changed,
                sender="assessments.Subject",
                weak=False,
                dispatch_uid=f"assessments.subject_names_{signal is post_save}",
            )
