"""What feeds the indicators: results imports, ШНОР lists, statuses and the support network's records.

Each change schedules, on commit, a debounced recompute of its municipality's indicators (indicator_services).
Imported from ProgramsConfig.ready().
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.risk.services import risk_list_changed
from assessments.signals import results_changed

from . import tasks  # noqa: F401  (the worker learns the indicator tasks through ready())


def _later(**kwargs: Any) -> None:
    from .services import indicators_recompute_later

    indicators_recompute_later(**kwargs)


@receiver(results_changed, dispatch_uid="indicators_results_changed")
def _results_changed(sender: object, school_ids: Iterable[int] = (), years: Iterable[int] = (), **kwargs: Any) -> None:
    _later(school_ids=school_ids)


@receiver(risk_list_changed, dispatch_uid="indicators_risk_list_changed")
def _risk_list_changed(
    sender: object, year: int | None = None, municipality_ids: Iterable[int] | None = None, **kwargs: Any
) -> None:
    if municipality_ids is None:
        from .models import Indicator

        municipality_ids = Indicator.objects.values_list("program__municipality_id", flat=True).distinct()
    _later(municipality_ids=list(municipality_ids))


def _school_record(sender: type[Model], instance: Any, **kwargs: Any) -> None:  # one of SCHOOL_RECORDS
    """A record bound to a school or a teacher: its municipality is read on commit, not in the caller's request."""
    school_id = getattr(instance, "school_id", None)
    if school_id is not None:
        _later(school_ids=[school_id])
    elif getattr(instance, "teacher_id", None) is not None:
        _later(teacher_ids=[instance.teacher_id])


def _event(sender: type[Model], instance: Any, **kwargs: Any) -> None:  # a MethodEvent
    _later(municipality_ids=[instance.municipality_id])


# Senders by label: resolved once the models are loaded, so this module may be imported while they load.
SCHOOL_RECORDS = (
    "schools.SchoolStatus",
    "mentoring.CuratorVisit",
    "mentoring.EventAttendance",
    "mentoring.Partnership",
    "mentoring.Teacher",
    "mentoring.PDCourse",
    "mentoring.DeficitDiagnostic",
    "programs.SchoolDocument",
    "programs.ProgramParticipant",
)
for _label in SCHOOL_RECORDS:
    for _signal in (post_save, post_delete):
        _signal.connect(_school_record, sender=_label, dispatch_uid=f"indicators_{_signal is post_save}_{_label}")
for _signal in (post_save, post_delete):
    _signal.connect(_event, sender="mentoring.MethodEvent", dispatch_uid=f"indicators_{_signal is post_save}_event")
