"""Notifications made at the event, not the next morning: a returned document reaches the school's administrators at
once (in the portal and by e-mail), and what is done stops asking."""

import pytest
from django.core import mail

from programs.models import Notification, SchoolDocument
from programs.services.documents import document_remark_answer, document_transition

pytestmark = pytest.mark.django_db


def _notified(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind).values_list("text", flat=True))


def _under_review(document, users):
    document_transition(document=document, user=users["school_admin"], to_status="submitted")
    return document_transition(document=document, user=users["curator"], to_status="under_review")


def test_returned_document_notifies_school_admin_at_once(users, document_a):
    _under_review(document_a, users)
    document_transition(document=document_a, user=users["curator"], to_status="returned", remarks=["Нет целей"])
    assert _notified(users["school_admin"], "document_returned") == [
        "«Концепция развития» возвращён с замечаниями: ответьте на них и отправьте новую версию."
    ]


def test_returned_document_emails_school_admin(users, document_a):
    users["school_admin"].email = "school@example.ru"
    users["school_admin"].save()
    _under_review(document_a, users)
    mail.outbox.clear()
    document_transition(document=document_a, user=users["curator"], to_status="returned", remarks=["Нет целей"])
    assert [(m.to, "возвращён с замечаниями" in m.body) for m in mail.outbox] == [(["school@example.ru"], True)]


def test_submission_notifies_reviewers_at_once(users, document_a):
    document_transition(document=document_a, user=users["school_admin"], to_status="submitted")
    assert (
        len(_notified(users["curator"], "document_review")),
        len(_notified(users["methodologist"], "document_review")),
    ) == (1, 1)


def test_taking_up_a_document_is_no_new_notification(users, document_a):
    _under_review(document_a, users)
    assert Notification.objects.filter(user=users["curator"], kind="document_review").count() == 1


def test_approval_clears_waiting_for_review(users, document_a):
    _under_review(document_a, users)
    document_transition(document=document_a, user=users["curator"], to_status="approved")
    assert (_notified(users["curator"], "document_review"), _notified(users["methodologist"], "document_review")) == (
        [],
        [],
    )


def test_answering_remarks_clears_returned(users, document_a):
    _under_review(document_a, users)
    document_transition(document=document_a, user=users["curator"], to_status="returned", remarks=["Нет целей"])
    remark = SchoolDocument.objects.get(pk=document_a.pk).remarks.get()
    document_remark_answer(remark=remark, user=users["school_admin"], answer="Цели добавлены")
    assert _notified(users["school_admin"], "document_returned") == []


def test_daily_compute_clears_what_is_done(users, document_a):
    from programs.services.notifications import notifications_compute

    _under_review(document_a, users)
    SchoolDocument.objects.filter(pk=document_a.pk).update(status="approved")  # done some other way
    notifications_compute()
    assert _notified(users["curator"], "document_review") == []
