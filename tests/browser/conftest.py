"""Headless Chromium driven by Playwright against `live_server`; every journey leaves screenshots in artifacts/."""

import os
from pathlib import Path

import pytest

from tests.support.runtime import IN_CI, ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "correct-horse-battery"  # UserFactory's
# No network but package registries: nothing in the browser may try to reach out on its own.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def chromium_required():
    """Before any data is built: without Debian's Chromium these tests fail under CI and are skipped elsewhere."""
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"CI: браузерным тестам нужен Chromium, а {CHROMIUM} нет (.ci/run ставит пакет chromium)")
        pytest.skip(f"нет {CHROMIUM}: установите пакет chromium")


@pytest.fixture
def page_problems():
    """What a user would notice as broken besides the page text: script errors, failed requests for the page."""
    return []


@pytest.fixture
def page(live_server, django_db_serialized_rollback, page_problems, monkeypatch):
    """A fresh Chromium tab on the live server, started for this test alone.

    Serialized rollback: the live server needs committed data, and the reference data of migrations (subjects, the
    rule's first version) must come back for the tests that follow once this one empties the tables.

    Playwright's sync API keeps an asyncio loop running in this thread while it is open. Under a running loop Django
    refuses ORM calls, and asgiref hands out connections of their own per context. So the browser lives only inside
    the test (the database set-up and the flush run before and after it, on the usual connection); the ORM check is
    lifted meanwhile (nothing runs concurrently: greenlets), and the extra connections are closed before it stops."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        context = browser.new_context(
            base_url=live_server.url, locale="ru-RU", viewport={"width": 1366, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(float(os.environ.get("BROWSER_TIMEOUT_MS", 20_000)))
        tab = context.new_page()
        tab.on("pageerror", lambda exc: page_problems.append(f"ошибка скрипта: {exc}"))
        tab.on("console", lambda msg: _console_problem(msg, page_problems))
        tab.on("response", lambda r: page_problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        try:
            yield tab
        finally:
            context.close()
            browser.close()
            connections.close_all()


def _console_problem(message, problems: list) -> None:
    if message.type == "error":
        problems.append(f"консоль: {message.text} ({message.location.get('url', '')})")


@pytest.fixture
def shot(page, page_problems, request):
    """shot("step"): a full-page screenshot artifacts/screenshots/<journey>-<step>.png, after checking that nothing
    on the way broke in the browser; shot.path("step") names such a file for pictures made otherwise."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    journey = request.node.name.removeprefix("test_")

    def path(step: str) -> Path:
        return SCREENSHOTS / f"{journey}-{step}.png"

    def take(step: str) -> Path:
        page.screenshot(path=str(path(step)), full_page=True)
        assert not page_problems, f"в браузере что-то сломалось до шага «{step}»: {page_problems}"
        return path(step)

    take.path = path
    return take


@pytest.fixture
def login(page):
    """login(user): through the login form, as a person would; returns on the page the portal opens after it."""

    def sign_in(user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Имя пользователя").fill(user.username)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").click()
        page.locator(".who-name").wait_for()
        assert page.locator(".who-role").inner_text().startswith(user.role_label)

    return sign_in
