"""locale/ru: Опора's corrections to Django's and django-axes' Russian — the compiled catalogue is the source's,
and the admin reads in Russian (no «Axes», «Get full name», «Locked Out», «Добавить пользователь»)."""

import ast
import gettext
import re

import pytest
from axes.models import AccessAttempt

from tests.support.runtime import ROOT

LOCALE = ROOT / "locale" / "ru" / "LC_MESSAGES"


def _po_entries(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file (strings may continue over several quoted lines)."""
    entries, key, current = {}, None, {}
    for line in [*text.splitlines(), ""]:
        match = re.match(r'^(msgid|msgstr) (".*")$', line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", "")
            current, key = {}, None
    return entries


def test_the_compiled_catalogue_is_the_sources():
    entries = _po_entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    with open(LOCALE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert len(entries) >= 15
    assert {msgid: catalogue.gettext(msgid) for msgid in entries} == entries


ENGLISH_OR_WRONG = [
    "Axes",
    "Get full name",
    "Locked Out",
    "Clean up expired attempts",
    "User Agent",
    "Добавить пользователь",
    "Выберите пользователь",
    "Изменить пользователь",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/schools/user/",
        "/admin/schools/user/add/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/schools/school/",
    ],
)
def test_admin_pages_read_in_russian(client, users, url):
    client.force_login(users["admin"])
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert [phrase for phrase in ENGLISH_OR_WRONG if phrase in text] == []


@pytest.mark.django_db
def test_admin_names_the_sections_and_columns_in_russian(client, users):
    client.force_login(users["admin"])
    assert "Блокировки входа" in client.get("/admin/").content.decode()
    users_page = client.get("/admin/schools/user/").content.decode()
    assert "ФИО" in users_page and "Добавить: пользователь" in users_page
    AccessAttempt.objects.create(
        username="head_a",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert "Заблокирован" in attempts and "Удалить истёкшие попытки" in attempts
