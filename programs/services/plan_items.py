"""Writes of one plan item: its execution (status, fact, comment), a date set by a person, its evidence."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.numbers import format_quantity
from core.uploads import upload_store

from ..models import PlanItem, PlanItemComment, PlanItemEvidence

ITEM_FACT_NEGATIVE = "Фактическое значение не может быть отрицательным."
ITEM_DONE_NEEDS_FACT = (
    "Чтобы отметить «Выполнено», укажите фактическое значение (цель — {target}) или приложите подтверждение."
)
ITEM_DONE_IN_FUTURE = "Дата выполнения {date} ещё не наступила."
ITEM_DONE_DATE_NOT_DONE = "Дату выполнения указывают только для мероприятия со статусом «Выполнено»."
EVIDENCE_EMPTY = "Приложите файл или укажите ссылку."
DEADLINE_END_REQUIRED = "Укажите дату окончания срока."
DEADLINE_ORDER = "Начало срока не может быть позже окончания."


def plan_item_update(
    *,
    item: PlanItem,
    user,
    status: str,
    fact_text: str = "",
    fact_value: Decimal | None = None,
    comment: str = "",
    completed_on: datetime.date | None = None,
) -> PlanItem:
    """The item's execution. «Выполнено» keeps its day (today unless a person gives an earlier one) and who marked
    it; an item with a target needs a fact or evidence to be done; leaving «Выполнено» clears the day."""
    if fact_value is not None and fact_value < 0:
        raise ApplicationError(ITEM_FACT_NEGATIVE, field="fact_value")
    today = timezone.localdate()
    done = status == PlanItem.Status.DONE
    if completed_on is not None and not done:
        raise ApplicationError(ITEM_DONE_DATE_NOT_DONE, field="completed_on")
    if completed_on is not None and completed_on > today:
        raise ApplicationError(ITEM_DONE_IN_FUTURE.format(date=completed_on.strftime("%d.%m.%Y")), field="completed_on")
    if done and item.target_value is not None and fact_value is None and not item.evidence.exists():
        raise ApplicationError(
            ITEM_DONE_NEEDS_FACT.format(target=format_quantity(item.target_value)), field="fact_value"
        )
    with transaction.atomic():
        was_done = item.status == PlanItem.Status.DONE
        item.status = status
        item.fact_text = fact_text
        item.fact_value = fact_value
        if not done:
            item.completed_on, item.completed_by = None, None
        elif completed_on is not None or not was_done or item.completed_on is None:
            item.completed_on = completed_on or today
            item.completed_by = user if getattr(user, "pk", None) else None
        item.save()
        if comment.strip():
            PlanItemComment.objects.create(item=item, author=user, text=comment.strip())
    return item


def plan_item_deadline_set(
    *, item: PlanItem, user, end: datetime.date | None, start: datetime.date | None = None
) -> PlanItem:
    """A person sets the date of an item (most often one whose wording was not read); the wording stays."""
    if end is None:
        raise ApplicationError(DEADLINE_END_REQUIRED)
    if start is not None and start > end:
        raise ApplicationError(DEADLINE_ORDER)
    item.deadline_kind = PlanItem.Kind.PERIOD if start and start != end else PlanItem.Kind.DATE
    item.deadline_start = start
    item.deadline_end = end
    item.deadline_months = sorted({end.month} | ({start.month} if start else set()))
    item.deadline_dates = []
    item.deadline_recurrence = ""
    item.deadline_relative_days = None
    item.deadline_set_manually = True
    item.save()
    return item


def plan_item_evidence_add(
    *, item: PlanItem, user, title: str = "", url: str = "", content: bytes | None = None, filename: str = ""
) -> PlanItemEvidence:
    if not url and not content:
        raise ApplicationError(EVIDENCE_EMPTY)
    evidence = PlanItemEvidence(item=item, title=title, url=url, added_by=user, filename=filename[:255])
    if content:
        evidence.file.name = upload_store(content=content, filename=filename, folder="programs/evidence")
    evidence.save()
    return evidence
