"""/api/docs/ as a developer of a department's system sees it: the portal's topics, in Russian, each opening onto
its operations with Russian summaries (screenshots in artifacts/screenshots/)."""

import pytest
from playwright.sync_api import expect

from config.schema import TAGS

pytestmark = pytest.mark.browser


def test_api_docs_are_grouped_by_russian_topics(page, shot, db):
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Опора: программный интерфейс (API)")).to_be_visible()
    sections = page.locator(".opblock-tag-section h3 a.nostyle")
    expect(sections.first).to_be_visible()
    assert [name.strip() for name in sections.all_inner_texts()] == [tag["name"] for tag in TAGS]
    expect(page.get_by_text("Authorization: Token <токен>").first).to_be_visible()
    expect(page.get_by_text("Создать: визит куратора", exact=True)).to_be_visible()
    shot("overview")
    page.get_by_text("Список: общеобразовательные организации", exact=True).click()
    expect(page.get_by_text("Номер страницы списка (с 1).")).to_be_visible()
    shot("schools-list")
