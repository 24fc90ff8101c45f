"""The forms of issue #17 in Chromium, at 1440 px and 390 px: the indicator's settings follow the chosen measure,
the reviewer sees the PDF in the page and approves behind a checkbox, the event's teachers filter as one types, the
risk profile's level reads «Средний» in full."""

import pytest
from playwright.sync_api import expect

from programs.services.documents import document_create, document_transition, document_version_add
from programs.services.risk_profiles import risk_profile_get_or_create
from tests.factories.mentoring import EventAttendanceFactory, EventFactory, TeacherFactory
from tests.support.programs import program_make

pytestmark = pytest.mark.browser
WIDTHS = (1440, 390)
# A one-page PDF with the word «Concept» (Chromium's viewer draws it).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 40 100 Td (Concept) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.mark.parametrize("width", WIDTHS)
def test_indicator_settings_follow_the_measure(users, two_municipalities, page, login, shot, width):
    program_make(two_municipalities["a"], "forms-a")
    login(users["methodologist"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/indicators/forms-a/add/")
    mode = page.locator(".param-field", has=page.locator("select[name=p_mode]"))
    expect(mode).to_be_hidden()  # no measure chosen yet
    page.locator("select[name=measure]").select_option("quality_change")
    expect(mode).to_be_visible()
    expect(page.locator(".param-field", has=page.locator("input[name=p_min_hours]"))).to_be_hidden()
    page.locator("select[name=p_mode]").select_option("relative")
    shot(f"measure-{width}")
    page.locator("select[name=measure]").select_option("")
    page.locator("select[name=preset]").select_option("vpr_coped_share")
    expect(page.locator(".param-field", has=page.locator("input[name=p_grade]"))).to_be_visible()
    expect(mode).to_be_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_reviewer_sees_the_pdf_and_approves_behind_the_checkbox(users, two_municipalities, page, login, shot, width):
    doc = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2023, title="Концепция"
    )
    document_version_add(document=doc, user=users["school_admin"], content=PDF, filename="concept.pdf")
    document_transition(document=doc, user=users["school_admin"], to_status="submitted")
    document_transition(document=doc, user=users["curator"], to_status="under_review")
    login(users["curator"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/programs/documents/{doc.pk}/")
    frame = page.locator("iframe.document-preview")
    expect(frame).to_be_visible()
    box = frame.bounding_box()
    assert box and box["height"] > 300
    shot(f"review-{width}")
    approve = page.locator("form.approve-form")
    approve.get_by_role("button", name="Согласовать").click()  # the browser stops it: the checkbox is required
    expect(page.locator("h1")).to_have_text("Концепция")
    doc.refresh_from_db()
    assert doc.status == "under_review"
    approve.get_by_label("Я ознакомился с документом").check()
    approve.get_by_role("button", name="Согласовать").click()
    expect(page.locator(".badge.status-approved")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_event_teachers_filter_as_one_types(users, two_municipalities, page, login, shot, width):
    w = two_municipalities
    event = EventFactory(host_school=w["a1"])
    EventAttendanceFactory(event=event, school=w["a2"])
    for n in range(30):
        TeacherFactory(school=w["a1"], full_name=f"Иванова{n:02d} А. Б.")
    TeacherFactory(school=w["a2"], full_name="Пётрова В. Г.", subject="Русский язык")
    login(users["methodologist"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/mentoring/events/{event.pk}/")
    search = page.get_by_placeholder("Найти: фамилия, предмет или школа")
    search.fill("петрова")  # «ё» and «е» are one letter for the search
    rows = page.locator("[data-select-filter] .check-scroll input[type=checkbox]")
    visible = [i for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert len(visible) == 1
    rows.nth(visible[0]).check()
    expect(page.locator(".select-filter-bar")).to_contain_text("Отмечено: 1 из 31; найдено: 1")
    shot(f"teachers-{width}")
    page.get_by_role("button", name="Сохранить список").click()
    expect(page.get_by_role("link", name="Пётрова В. Г.")).to_be_visible()


def test_risk_level_reads_in_full(users, two_municipalities, page, login, shot):
    risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    login(users["school_admin"])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/programs/risk/A-1/2023/")
        select = page.locator('select[name^="level_"]').first
        select.select_option("medium")
        # The select is wider than its longest option's text: «Средний» is not cut.
        widths = select.evaluate(
            "s => { const c = document.createElement('canvas').getContext('2d');"
            " c.font = getComputedStyle(s).font;"
            " return [s.clientWidth, Math.max(...[...s.options].map(o => c.measureText(o.text).width))]; }"
        )
        assert widths[0] > widths[1] + 20, widths
        shot(f"risk-{width}")
