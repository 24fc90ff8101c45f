from celery import shared_task

from .services import notifications


@shared_task(acks_late=True)
def notifications_compute() -> int:
    """Daily: what everyone owes (documents to review, overdue items, remarks to answer). Idempotent."""
    return notifications.notifications_compute()
