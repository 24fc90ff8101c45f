"""Brute force (django-axes): five failed sign-ins lock that username from that address for an hour, with a page in
Russian and a LOCKOUT entry in the event log. No other test covered this."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F

from core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory
LOCKED_PAGE = "Вход временно заблокирован"
LIMIT = 5


def sign_in(client, username, password, *, ip="10.0.0.1", url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, **kwargs):
    return [sign_in(client, username, "wrong-password", **kwargs) for _ in range(times)]


def is_locked(response) -> bool:
    return response.status_code == 429 and LOCKED_PAGE in response.content.decode()


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


def age_attempts(delta: datetime.timedelta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)


def test_settings_say_five_failures_and_one_hour():
    assert settings.AXES_FAILURE_LIMIT == LIMIT and settings.AXES_COOLOFF_TIME == 1  # hours
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_do_not_lock(users, client):
    responses = fail(client, "head_a", LIMIT - 1)
    assert all(r.status_code == 200 for r in responses)
    assert signed_in(sign_in(client, "head_a", PASSWORD))


def test_fifth_failure_locks_with_a_russian_page(users, client):
    *_, fifth = fail(client, "head_a", LIMIT)
    assert is_locked(fifth)
    assert "Попробуйте через час" in fifth.content.decode()


def test_locked_out_even_with_the_right_password(users, client):
    fail(client, "head_a", LIMIT)
    response = sign_in(client, "head_a", PASSWORD)
    assert is_locked(response) and "_auth_user_id" not in client.session


def test_lockout_is_logged(users, client):
    fail(client, "head_a", LIMIT)
    kinds = list(AuditEvent.objects.filter(username="head_a").values_list("kind", flat=True))
    assert kinds.count(AuditEvent.Kind.LOGIN_FAILED) == LIMIT
    lockout = AuditEvent.objects.get(kind=AuditEvent.Kind.LOCKOUT)
    assert (lockout.username, lockout.ip) == ("head_a", "10.0.0.1")


def test_still_locked_just_under_an_hour(users, client):
    fail(client, "head_a", LIMIT)
    age_attempts(datetime.timedelta(minutes=59))
    assert is_locked(sign_in(client, "head_a", PASSWORD))


def test_unlocked_after_an_hour(users, client):
    fail(client, "head_a", LIMIT)
    age_attempts(datetime.timedelta(minutes=61))
    assert signed_in(sign_in(client, "head_a", PASSWORD))


def test_lock_is_for_that_username_from_that_address(users, client):
    fail(client, "head_a", LIMIT, ip="10.0.0.1")
    assert signed_in(sign_in(client, "method_a", PASSWORD, ip="10.0.0.1"))
    client.logout()
    assert signed_in(sign_in(client, "head_a", PASSWORD, ip="10.0.0.2"))


def test_success_resets_the_count(users, client):
    fail(client, "head_a", LIMIT - 1)
    assert signed_in(sign_in(client, "head_a", PASSWORD))
    client.logout()
    assert not any(is_locked(r) for r in fail(client, "head_a", LIMIT - 1))


def test_unknown_username_is_locked_too(db, client):
    """Guessing usernames is throttled the same way: the lock does not reveal which names exist."""
    assert is_locked(fail(client, "nobody", LIMIT)[-1])


def test_admin_sign_in_is_locked_too(users, client):
    fail(client, "admin", LIMIT, url="/admin/login/")
    assert is_locked(sign_in(client, "admin", PASSWORD, url="/admin/login/"))


def test_each_failure_says_how_many_tries_are_left(users, client):
    texts = [r.content.decode() for r in fail(client, "head_a", LIMIT - 1)]
    assert "Осталось 4 попытки" in texts[0] and "Осталось 3 попытки" in texts[1]
    assert "Осталось 2 попытки" in texts[2] and "Осталась 1 попытка, затем вход" in texts[3]
    assert all("блокируется на час" in text and "Неверное имя пользователя или пароль" in text for text in texts)


def test_tries_are_counted_per_address(users, client):
    fail(client, "head_a", 3, ip="10.0.0.1")
    other = sign_in(client, "head_a", "wrong-password", ip="10.0.0.2")
    assert "Осталось 4 попытки" in other.content.decode()
