"""Notifications of what people owe, computed daily and idempotently; e-mail when the person has an address."""

import datetime

import pytest
from django.core import mail

from programs.models import Notification, RiskProfile, SchoolDocument
from programs.services.documents import document_remark_answer, document_transition
from programs.services.notifications import notification_read, notifications_compute
from programs.services.risk_profiles import risk_profile_get_or_create
from tests.support.programs import item_make

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 3, 1)


def _kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_overdue_item_notifies_municipal_staff(users, program_a):
    item_make(program_a, end=datetime.date(2024, 2, 1))
    notifications_compute(today=TODAY)
    assert (_kinds(users["methodologist"]), _kinds(users["head"]), _kinds(users["head_b"])) == (
        ["item_overdue"],
        ["item_overdue"],
        [],
    )


def test_rerun_creates_no_duplicates(users, program_a):
    item_make(program_a, end=datetime.date(2024, 2, 1))
    first = notifications_compute(today=TODAY)
    second = notifications_compute(today=TODAY)
    assert (first, second, Notification.objects.count()) == (2, 0, 2)


def test_school_item_overdue_notifies_school_admin(users, program_a, two_municipalities):
    item_make(program_a, end=datetime.date(2024, 2, 1), school=two_municipalities["a1"])
    notifications_compute(today=TODAY)
    assert (_kinds(users["school_admin"]), _kinds(users["methodologist"])) == (["item_overdue"], [])


def test_submitted_document_notifies_reviewers(users, document_a):
    document_transition(document=document_a, user=users["school_admin"], to_status="submitted")
    notifications_compute(today=TODAY)
    assert (_kinds(users["curator"]), _kinds(users["methodologist"]), _kinds(users["school_admin"])) == (
        ["document_review"],
        ["document_review"],
        [],
    )


def test_resubmission_notifies_again(users, document_a):
    document_transition(document=document_a, user=users["school_admin"], to_status="submitted")
    notifications_compute(today=TODAY)
    first = Notification.objects.get(user=users["curator"]).pk
    SchoolDocument.objects.filter(pk=document_a.pk).update(status="returned")
    document_transition(document=document_a, user=users["school_admin"], to_status="submitted")
    notifications_compute(today=TODAY)
    # The first sending's notification is cleared (no longer due), the new version's is a new one.
    assert [n.pk > first for n in Notification.objects.filter(user=users["curator"], kind="document_review")] == [True]


def test_returned_document_notifies_school_to_answer(users, document_a):
    SchoolDocument.objects.filter(pk=document_a.pk).update(status="under_review")
    document_transition(document=document_a, user=users["curator"], to_status="returned", remarks=["Нет целей"])
    notifications_compute(today=TODAY)
    assert _kinds(users["school_admin"]) == ["document_returned"]


def test_answered_remarks_no_longer_notify(users, document_a):
    SchoolDocument.objects.filter(pk=document_a.pk).update(status="under_review")
    document_transition(document=document_a, user=users["curator"], to_status="returned", remarks=["Нет целей"])
    document_remark_answer(remark=document_a.remarks.get(), user=users["school_admin"], answer="Добавлены")
    notifications_compute(today=TODAY)
    assert _kinds(users["school_admin"]) == []


def test_submitted_risk_profile_notifies_curator(users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    RiskProfile.objects.filter(pk=profile.pk).update(status="submitted")
    notifications_compute(today=TODAY)
    assert _kinds(users["curator"]) == ["risk_profile"]


def test_email_sent_when_user_has_address(users, program_a):
    users["methodologist"].email = "method@example.ru"
    users["methodologist"].save()
    item_make(program_a, end=datetime.date(2024, 2, 1))
    notifications_compute(today=TODAY)
    assert [m.to for m in mail.outbox] == [["method@example.ru"]]


def test_no_second_email_on_rerun(users, program_a):
    users["methodologist"].email = "method@example.ru"
    users["methodologist"].save()
    item_make(program_a, end=datetime.date(2024, 2, 1))
    notifications_compute(today=TODAY)
    notifications_compute(today=TODAY)
    assert len(mail.outbox) == 1


def test_beat_task_registered():
    from django.conf import settings

    assert any(e["task"] == "programs.tasks.notifications_compute" for e in settings.CELERY_BEAT_SCHEDULE.values())


def test_task_runs_the_service(users, program_a):
    from programs.tasks import notifications_compute

    item_make(program_a, end=datetime.date(2020, 2, 1))
    assert notifications_compute.delay().get() == 2


def test_read_marks_only_own(users, program_a):
    item_make(program_a, end=datetime.date(2024, 2, 1))
    notifications_compute(today=TODAY)
    notification_read(user=users["head"])
    assert (Notification.objects.filter(read_at__isnull=True).get().user,) == (users["methodologist"],)
