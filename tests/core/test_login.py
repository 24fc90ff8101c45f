"""Sign-in says how many tries remain before django-axes locks the username from this address, and for how long;
the lock page says for how long too. Both read AXES_FAILURE_LIMIT and AXES_COOLOFF_TIME, not fixed words."""

import datetime

import pytest

from core.numbers import duration_text

PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory


def _fail(client, times=1):
    return [
        client.post("/accounts/login/", {"username": "head_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
        for _ in range(times)
    ][-1]


@pytest.mark.django_db
def test_first_failure_says_four_tries_remain_and_the_lock_lasts_an_hour(users, client):
    text = _fail(client).content.decode()
    assert "Осталось 4 попытки, затем вход для этого имени с вашего адреса блокируется на час." in text


@pytest.mark.django_db
def test_fourth_failure_says_one_try_remains(users, client):
    assert "Осталась 1 попытка" in _fail(client, 4).content.decode()


@pytest.mark.django_db
def test_tries_follow_the_failure_limit_setting(users, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert "Осталось 2 попытки" in _fail(client).content.decode()


@pytest.mark.django_db
def test_warning_follows_the_cool_off_setting(users, client, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    assert "блокируется на 30\u00a0минут." in _fail(client).content.decode()


@pytest.mark.django_db
def test_lock_page_says_for_how_long(users, client):
    text = _fail(client, 5).content.decode()
    assert "закрыт на час. Попробуйте через час" in text and "5\u00a0попыток подряд" in text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (datetime.timedelta(hours=1), "час"),
        (datetime.timedelta(hours=2), "2\u00a0часа"),
        (datetime.timedelta(minutes=30), "30\u00a0минут"),
        (datetime.timedelta(minutes=1), "минуту"),
        (datetime.timedelta(days=1), "сутки"),
        (datetime.timedelta(days=5), "5\u00a0суток"),
        (datetime.timedelta(seconds=90), "2\u00a0минуты"),
    ],
)
def test_duration_text(delta, text):
    assert duration_text(delta) == text
