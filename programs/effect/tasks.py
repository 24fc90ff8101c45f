"""Thin tasks for the effect cache: the debounced refresh after imports, participant and list changes."""

from celery import shared_task


@shared_task(acks_late=True)
def effect_recompute_debounced(region_id: int, token: str) -> int | None:
    """Queued on commit after a change; exits when a later change has queued a newer refresh of the region."""
    from .services import effect_recompute_if_latest

    return effect_recompute_if_latest(region_id=region_id, token=token)
