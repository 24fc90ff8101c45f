"""Writes of one plan item: its execution (status, fact, comment), a date set by a person, its evidence."""

import datetime
from decimal import Decimal

from django.db import transaction

from core.errors import ApplicationError
from core.uploads import upload_store

from ..models import PlanItem, PlanItemComment, PlanItemEvidence

ITEM_FACT_NEGATIVE = "Фактическое значение не может быть отрицательным."
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
) -> PlanItem:
    if fact_value is not None and fact_value < 0:
        raise ApplicationError(ITEM_FACT_NEGATIVE)
    with transaction.atomic():
        item.status = status
        item.fact_text = fact_text
        item.fact_value = fact_value
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
