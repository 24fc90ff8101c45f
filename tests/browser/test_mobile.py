"""The portal on a laptop (1440 px) and on a phone (390 px): the pages a school administrator, a curator and a head
work from never scroll sideways (a wide table scrolls in its own box), and on the phone the menu folds behind a
button. Every page is photographed at both widths (artifacts/screenshots/)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from assessments import services as assessment_services
from core.tables import table_read
from programs.services.documents import document_create, document_transition, document_version_add
from tests.factories import SchoolFactory, SchoolStatusFactory
from tests.support.programs import item_make, program_make
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.browser
WIDTHS = (1440, 390)
PROGRAM = "effective-school"

# Each role's working pages: what its menu and home lead to.
PAGES = {
    "school_admin": {
        "home": "/",
        "dossier": "/reports/school/A-1/",
        "plan": f"/programs/{PROGRAM}/plan/",
        "documents": "/programs/documents/",
        "indicators": "/indicators/",
        "results": "/assessments/",
    },
    "curator": {
        "home": "/",
        "dossier": "/reports/school/A-1/",
        "documents": "/programs/documents/",
        "shnor": "/risk/",
        "visits": "/mentoring/visits/",
    },
    "head": {
        "home": "/",
        "dashboard": "/reports/dashboard/",
        "dossier": "/reports/school/A-1/",
        "plan": f"/programs/{PROGRAM}/plan/",
        "documents": "/programs/documents/",
        "shnor": "/risk/",
        "indicators": "/indicators/",
        "schools": "/schools/",
        "results": "/assessments/",
    },
}


@pytest.fixture
def world(users, two_municipalities):
    """ВПР 2023–2024 for A-1 (on the official ШНОР list) and B-1, a programme with items of all kinds of length,
    and a document the curator returned."""
    rows = [
        row(year=y, subject=s, grade=g, m2=2 + g % 3, m3=8 - g % 3)
        for y in (2023, 2024)
        for s in ("Русский язык", "Математика")
        for g in (4, 5, 6, 7, 8)
    ]
    rows.append(row(code="B-1", year=2024))
    outcome = assessment_services.results_import(table=table_read(xlsx(rows), filename="r.xlsx"))
    assert outcome.status == "imported", outcome.errors[:3]
    SchoolStatusFactory(school=two_municipalities["a1"], year=2024, source="official", level="strong")
    program = program_make(
        two_municipalities["a"], PROGRAM, start=datetime.date(2024, 1, 1), end=datetime.date(2026, 12, 31)
    )
    program.title = "Эффективная школа: поддержка школ с низкими образовательными результатами"
    program.save()
    long = "Проведение методического семинара для заместителей директоров по учебно-воспитательной работе " * 2
    item_make(program, title=long, end=datetime.date(2024, 4, 20), status="done")
    item_make(program, title="Семинар", end=datetime.date(2024, 11, 30))
    item_make(program, title="Мониторинг", end=datetime.date(2026, 11, 30), school=two_municipalities["a1"])
    for n in range(30):  # enough for the lists to have pages
        SchoolFactory(
            municipality=two_municipalities["a"],
            short_name=f"МБОУ «Средняя общеобразовательная школа № {n + 10} с углублённым изучением отдельных предметов»",
        )
    document = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2024, title="Концепция"
    )
    document_version_add(document=document, user=users["school_admin"], text="Текст концепции")
    document_transition(document=document, user=users["school_admin"], to_status="submitted")
    document_transition(document=document, user=users["curator"], to_status="under_review")
    document_transition(document=document, user=users["curator"], to_status="returned", remarks=["Нет целей"])
    return users


def _overflow(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("role", sorted(PAGES))
def test_working_pages_fit_the_screen(world, role, page, login, shot):
    login(world[role])
    too_wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in PAGES[role].items():
            page.goto(url)
            page.wait_for_load_state("load")
            scroll_width, viewport = _overflow(page)
            if scroll_width > viewport:
                too_wide[f"{name} @ {width}"] = scroll_width
            shot(f"{role}-{name}-{width}")
    assert too_wide == {}, f"страницы шире экрана (прокрутка вбок): {too_wide}"


def test_menu_folds_on_a_phone_and_opens(world, page, login, shot):
    login(world["head"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    toggle = page.get_by_role("button", name="Меню")
    menu = page.get_by_role("navigation", name="Основное меню")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    shot("folded")
    toggle.click()
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Закрыть меню")).to_have_attribute("aria-expanded", "true")
    shot("open")
    menu.get_by_role("link", name="Дашборд").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Район А")
    expect(page.get_by_role("navigation", name="Основное меню")).to_be_hidden()


def test_menu_stays_open_on_a_laptop(world, page, login, shot):
    login(world["head"])
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    expect(page.get_by_role("navigation", name="Основное меню")).to_be_visible()
    expect(page.get_by_role("button", name="Меню")).to_be_hidden()
    shot("laptop")


def test_schools_list_sorts_by_a_header_and_changes_page_size(world, page, login, shot):
    login(world["head"])
    page.goto("/schools/")
    header = page.get_by_role("columnheader", name="Школа")
    header.get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Школа")).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("td.school-name a").first).to_have_text(re.compile("^МБОУ"))
    page.get_by_role("columnheader", name="Школа").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Школа")).to_have_attribute("aria-sort", "descending")
    expect(page.locator("td.school-name a").first).to_have_text("Филиал СОШ № 1 (А)")
    page.wait_for_load_state("load")
    page.get_by_label("Показывать по").select_option("25")
    expect(page.locator("td.school-name a")).to_have_count(25)
    assert "sort=-name" in page.url and "page_size=25" in page.url
    expect(page.get_by_role("link", name="Страница 2")).to_be_visible()
    shot("sorted-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("sorted-390")
