"""Thin tasks for the indicators: on demand (with a Job), debounced after changes, nightly by beat."""

from typing import Any

from celery import shared_task

from core.jobs import job_progress, job_run
from core.models import Job


@shared_task(acks_late=True)
def indicators_recompute_task(
    job_id: int, year: int | None = None, municipality_ids: list[int] | None = None, program_id: int | None = None
) -> dict | None:
    """Recompute now; the write is one transaction, so a retry after a crash starts clean."""
    from schools.models import Municipality

    from .engine.recompute import indicator_values_recompute
    from .models import Indicator

    def work(job: Job) -> dict:
        outcome: dict[str, Any]
        if program_id is not None:
            indicators = list(Indicator.objects.filter(program_id=program_id).values_list("pk", flat=True))
            outcome = indicator_values_recompute(
                year=year, indicators=indicators, progress=lambda p: job_progress(job_id, p)
            )
        elif municipality_ids is None:
            outcome = indicator_values_recompute(year=year, progress=lambda p: job_progress(job_id, p))
        else:
            outcome = {"indicators": 0, "years": set(), "values": 0}
            municipalities = list(Municipality.objects.filter(pk__in=municipality_ids))
            for n, m in enumerate(municipalities):
                one = indicator_values_recompute(year=year, municipality=m)
                outcome["indicators"] += one["indicators"]
                outcome["values"] += one["values"]
                outcome["years"] |= set(one["years"])
                job_progress(job_id, 100 * (n + 1) // max(1, len(municipalities)))
            outcome["years"] = sorted(outcome["years"])
        return outcome

    return job_run(job_id, work)


@shared_task(acks_late=True)
def indicators_recompute_debounced(municipality_id: int, token: str) -> bool:
    """Queued after a change that feeds the measures; exits when a later change queued a newer recompute."""
    from .services import indicators_recompute_if_latest

    return indicators_recompute_if_latest(municipality_id=municipality_id, token=token)


@shared_task(acks_late=True)
def indicators_recompute_nightly() -> dict:
    """Beat: every computed indicator, every year with targets or data (one set-based pass)."""
    from .engine.recompute import indicator_values_recompute

    return indicator_values_recompute()
