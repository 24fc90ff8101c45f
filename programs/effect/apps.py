from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig


class EffectConfig(AppConfig):
    """The programme's effect against comparable schools (issue 18, contract 3.2): the cached estimates per
    programme and measure, the page and the endpoint; the context groups the school card and the API show."""

    name = "programs.effect"
    label = "effect"
    verbose_name = "Эффект программ"
    url_prefix = "programs/"  # the pages live under their programme: /programs/<code>/effect/

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from assessments.risk.services import risk_list_changed
        from assessments.signals import results_changed

        from . import tasks  # noqa: F401  (the worker learns the effect tasks through ready())
        from .services import effect_recompute_later

        def _results(sender: object, school_ids: Iterable[int] = (), **kwargs: Any) -> None:
            effect_recompute_later(school_ids=school_ids)

        def _lists(sender: object, municipality_ids: Iterable[int] | None = None, **kwargs: Any) -> None:
            effect_recompute_later(municipality_ids=municipality_ids, everywhere=municipality_ids is None)

        def _participant(sender: object, instance: Any, **kwargs: Any) -> None:
            effect_recompute_later(school_ids=[instance.school_id])

        # Results and lists change the comparison tables; a participant moves a school between the groups.
        results_changed.connect(_results, weak=False, dispatch_uid="effect_results_changed")
        risk_list_changed.connect(_lists, weak=False, dispatch_uid="effect_risk_list_changed")
        for signal in (post_save, post_delete):
            signal.connect(
                _participant,
                sender="programs.ProgramParticipant",
                weak=False,
                dispatch_uid=f"effect_participant_{signal is post_save}",
            )
