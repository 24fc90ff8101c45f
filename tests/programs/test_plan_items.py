"""programs.services.plan_items: «Выполнено» keeps its day and who, lateness is kept, a target needs a fact or
evidence; the page and the API say the same."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from programs.models import PlanItem, PlanItemEvidence
from programs.services.plan_items import (
    ITEM_DONE_DATE_NOT_DONE,
    ITEM_DONE_IN_FUTURE,
    ITEM_DONE_NEEDS_FACT,
    plan_item_update,
)
from tests.support.programs import item_make, program_make

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def program(two_municipalities):
    return program_make(two_municipalities["a"], "plan-a")


def test_done_keeps_its_day_and_who(program, users):
    item = item_make(program, end=d(2023, 2, 15))
    plan_item_update(item=item, user=users["methodologist"], status="done", fact_text="Проведено")
    item.refresh_from_db()
    assert (item.completed_on, item.completed_by) == (timezone.localdate(), users["methodologist"])
    assert item.days_late == (timezone.localdate() - d(2023, 2, 15)).days > 1000  # the lateness is kept


def test_an_earlier_day_can_be_given_and_reads_in_time(program, users):
    item = item_make(program, end=d(2023, 2, 15))
    plan_item_update(item=item, user=users["methodologist"], status="done", completed_on=d(2023, 2, 10))
    item.refresh_from_db()
    assert (item.completed_on, item.days_late) == (d(2023, 2, 10), 0)
    plan_item_update(item=item, user=users["head"], status="done", fact_text="уточнено")  # saved again: day kept
    item.refresh_from_db()
    assert (item.completed_on, item.completed_by) == (d(2023, 2, 10), users["methodologist"])


def test_leaving_done_clears_the_day(program, users):
    item = item_make(program, end=d(2023, 2, 15))
    plan_item_update(item=item, user=users["methodologist"], status="done")
    plan_item_update(item=item, user=users["methodologist"], status="in_progress")
    item.refresh_from_db()
    assert (item.completed_on, item.completed_by, item.days_late) == (None, None, 0)


@pytest.mark.parametrize(
    "status, completed_on, message",
    [
        ("done", "tomorrow", ITEM_DONE_IN_FUTURE),
        ("planned", d(2023, 1, 1), ITEM_DONE_DATE_NOT_DONE),
    ],
)
def test_a_day_in_the_future_or_without_done_is_refused(program, users, status, completed_on, message):
    item = item_make(program, end=d(2023, 2, 15))
    day = timezone.localdate() + datetime.timedelta(days=1) if completed_on == "tomorrow" else completed_on
    with pytest.raises(ApplicationError) as refused:
        plan_item_update(item=item, user=users["methodologist"], status=status, completed_on=day)
    assert refused.value.message == message.format(date=day.strftime("%d.%m.%Y"))
    item.refresh_from_db()
    assert (item.status, item.completed_on) == ("planned", None)


def test_an_item_with_a_target_needs_a_fact_or_evidence(program, users):
    item = item_make(program, end=d(2023, 2, 15), target_value=Decimal("4"))
    with pytest.raises(ApplicationError) as refused:
        plan_item_update(item=item, user=users["methodologist"], status="done", fact_text="сделали")
    assert refused.value.message == ITEM_DONE_NEEDS_FACT.format(target="4") and refused.value.field == "fact_value"
    plan_item_update(item=item, user=users["methodologist"], status="done", fact_value=Decimal("3"))
    other = item_make(program, end=d(2023, 2, 15), target_value=Decimal("2"))
    PlanItemEvidence.objects.create(item=other, url="https://example.ru/report", title="отчёт")
    plan_item_update(item=other, user=users["methodologist"], status="done")
    assert PlanItem.objects.filter(status="done").count() == 2


def test_the_page_shows_the_day_and_the_lateness(program, users, client):
    item = item_make(program, end=d(2023, 2, 15))
    plan_item_update(item=item, user=users["methodologist"], status="done", completed_on=d(2023, 2, 20))
    client.force_login(users["head"])
    html = client.get(f"/programs/{program.code}/plan/").content.decode()
    assert "выполнено 20.02.2023" in html and "с опозданием на 5\u00a0дней" in html
    detail = client.get(f"/programs/{program.code}/items/{item.pk}/").content.decode()
    assert "отметил(а)" in detail and "Дата выполнения" in detail


def test_the_form_refuses_done_without_a_fact_in_russian(program, users, client):
    item = item_make(program, end=d(2023, 2, 15), target_value=Decimal("4"))
    client.force_login(users["methodologist"])
    page = client.post(f"/programs/{program.code}/items/{item.pk}/", {"action": "update", "status": "done"})
    assert "Чтобы отметить «Выполнено»" in page.content.decode()
    item.refresh_from_db()
    assert item.status == "planned"


def test_the_api_gives_and_takes_the_day(program, users, client):
    item = item_make(program, end=d(2023, 2, 15))
    client.force_login(users["methodologist"])
    url = f"/api/v1/programs/{program.code}/activities/{item.pk}/"
    response = client.patch(url, {"status": "done", "completed_on": "2023-02-17"}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["completed_on"], body["days_late"], body["status"]) == ("2023-02-17", 2, "done")
    assert body["completed_by"] == users["methodologist"].get_full_name()
