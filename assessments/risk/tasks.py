"""Thin tasks for the ШНОР lists: on demand (with a Job), debounced after imports, nightly by beat."""

from celery import shared_task
from django.utils import timezone

from core.jobs import job_progress, job_run
from core.models import Job

# The names predate the app (queued messages, beat and the jobs' stored `queued.task` keep them): pinned.


@shared_task(acks_late=True, name="assessments.risk_tasks.risk_recompute_task")
def risk_recompute_task(
    job_id: int, year: int, municipality_ids: list[int] | None = None, user_id: int | None = None
) -> dict | None:
    """Recompute one year's lists; the write is one transaction, so a retry after a crash starts clean."""
    from schools.models import User

    from .services import risk_list_recompute

    def work(job: Job) -> dict:
        user = User.objects.filter(pk=user_id).first() if user_id else None
        runs = risk_list_recompute(
            year=year, municipality_ids=municipality_ids, user=user, progress=lambda p: job_progress(job_id, p)
        )
        return {
            "year": year,
            "rule_version": runs[0].rule_version if runs else None,
            "listed": sum(r.listed for r in runs),
            "watch": sum(r.watch for r in runs),
            "added": sum(len(r.added) for r in runs),
            "removed": sum(len(r.removed) for r in runs),
            "url": f"/risk/?year={year}",
        }

    return job_run(job_id, work)


@shared_task(acks_late=True, name="assessments.risk_tasks.risk_recompute_debounced")
def risk_recompute_debounced(year: int, municipality_id: int, token: str) -> bool:
    """Queued after a results import; exits when a later import has queued a newer recompute of the same list."""
    from .services import risk_recompute_if_latest

    return risk_recompute_if_latest(year=year, municipality_id=municipality_id, token=token)


@shared_task(acks_late=True)
def risk_recompute_debounced_many(targets: list[list]) -> list[int]:
    """Queued once per results import for all the (year, municipality, token) lists it feeds: one pass per year."""
    from .services import risk_recompute_if_latest_many

    return risk_recompute_if_latest_many(targets=[tuple(t) for t in targets])


@shared_task(acks_late=True, name="assessments.risk_tasks.risk_recompute_nightly")
def risk_recompute_nightly() -> list[int]:
    """Beat: the current and the next year's lists for every municipality (one set-based pass per year)."""
    from .services import risk_list_recompute

    year = timezone.localdate().year
    for y in (year, year + 1):
        risk_list_recompute(year=y, trigger="nightly")
    return [year, year + 1]
