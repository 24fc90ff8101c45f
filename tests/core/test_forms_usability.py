"""Forms that read well (issue #17, «Forms»): the indicator's settings as fields, the document's approval with its
confirmation and the file in front of the reviewer, the event's teachers as a filterable list of checkboxes, the
risk profile's level selects wide enough for «Средний»."""

import re

import pytest

from programs.indicators.forms import IndicatorForm, params_initial
from programs.indicators.models import Indicator

pytestmark = pytest.mark.django_db

BASE = {"unit": "percent", "direction": "higher", "comparator": "ge", "method": "computed"}


# --- 1. The indicator's settings -----------------------------------------------------------------------------------


def test_indicator_form_has_a_field_per_setting_with_russian_labels_and_choices():
    form = IndicatorForm()
    mode = form.fields["p_mode"]
    assert mode.label == "Изменение"
    assert ("relative", "относительное, %") in mode.choices
    assert form.fields["p_grade"].label == "Класс (пусто — все)"
    assert {v for v, _ in form.fields["p_procedures"].choices} >= {"VPR", "OGE", "EGE"}
    html = form.as_div()
    assert 'name="p_mode"' in html and 'type="checkbox" name="p_procedures"' in html
    assert 'data-measures="quality_change"' in html


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("mode = relative\ngrade = 5", {"p_mode": "relative", "p_grade": "5"}),
        ("kinds = seminar, webinar\nhost = target", {"p_kinds": "seminar, webinar", "p_host": "target"}),
        ("schools = all\ntracks = 1, 2", {"p_schools": "all", "p_tracks": "1, 2"}),
    ],
)
def test_settings_fields_give_the_same_settings_as_the_text_line(line, fields):
    by_line = IndicatorForm({**BASE, "code": "x", "name": "X", "measure": "quality_change", "params": line})
    by_fields = IndicatorForm({**BASE, "code": "x", "name": "X", "measure": "quality_change", **fields})
    assert by_line.is_valid(), by_line.errors
    assert by_fields.is_valid(), by_fields.errors
    assert by_fields.cleaned_data["params"] == by_line.cleaned_data["params"]


def test_fields_win_over_the_line_and_the_list_choice_is_a_list():
    form = IndicatorForm(
        {
            **BASE,
            "code": "x",
            "name": "X",
            "measure": "result_share",
            "params": "grade = 4",
            "p_grade": "9",
            "p_procedures": ["VPR", "OGE"],
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["params"] == {"grade": "9", "procedures": ["VPR", "OGE"]}


def test_stored_settings_round_trip_through_the_edit_form():
    stored = {"mode": "relative", "grade": 5, "tracks": [1, 2], "procedures": ["VPR"], "legacy": "x"}
    initial = params_initial(stored)
    assert initial["p_mode"] == "relative" and initial["p_grade"] == "5" and initial["p_tracks"] == "1, 2"
    assert initial["p_procedures"] == ["VPR"]
    assert initial["params"] == "legacy = x"  # what no field shows stays in the text line


def test_indicator_created_through_the_fields_stores_the_settings(ind_world, users, ind_urls, client):
    client.force_login(users["methodologist"])
    page = client.get("/indicators/ind-a/add/").content.decode()
    assert "Настройки расчёта" in page and 'name="p_mode"' in page and "js/measure-params.js" in page
    response = client.post(
        "/indicators/ind-a/add/",
        {
            **BASE,
            "direction": "higher",
            "code": "q-rel",
            "name": "Качество, относительное",
            "unit": "pp",
            "measure": "quality_change",
            "p_mode": "relative",
            "p_cohort": "all",
            "p_grade": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ind = Indicator.objects.get(program__code="ind-a", code="q-rel")
    # grade is not a setting of quality_change: the service keeps only the measure's own
    assert ind.params == {"mode": "relative", "cohort": "all"}
    edit = client.get("/indicators/ind-a/q-rel/edit/").content.decode()
    assert '<option value="relative" selected>' in edit


def test_indicator_form_of_other_municipality_is_404(ind_world, users, ind_urls, client):
    client.force_login(users["methodologist"])
    assert client.get("/indicators/ind-b/add/").status_code == 404


# --- 2. The document's approval and the file in front of the reviewer ----------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def under_review(users, two_municipalities):
    """School A-1's concept, its PDF the current version, taken under review by A's curator."""
    from programs.services.documents import document_create, document_transition, document_version_add

    doc = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2023, title="Концепция"
    )
    document_version_add(document=doc, user=users["school_admin"], text="Первый набросок")
    version = document_version_add(document=doc, user=users["school_admin"], content=PDF, filename="concept.pdf")
    document_transition(document=doc, user=users["school_admin"], to_status="submitted")
    document_transition(document=doc, user=users["curator"], to_status="under_review")
    return doc, version


def test_reviewer_page_shows_the_current_file_and_frames_the_pdf(client, users, under_review):
    doc, version = under_review
    client.force_login(users["curator"])
    page = client.get(f"/programs/documents/{doc.pk}/").content.decode()
    download = f"/programs/documents/versions/{version.pk}/download/"
    assert "Текущая версия № 2" in page and f'href="{download}"' in page and "Скачать «concept.pdf»" in page
    assert f'<iframe class="document-preview" src="{download}?inline=1"' in page
    # The approval is its own form, a primary button behind a required checkbox; «Вернуть» is a plain button.
    approve = page[page.index('class="form approve-form"') :]
    approve = approve[: approve.index("</form>")]
    assert 'value="approved"' in approve and 'name="confirm" value="on" required' in approve
    assert 'class="primary">Согласовать' in approve
    assert '<button type="submit">Вернуть с замечаниями</button>' in page


def test_inline_pdf_may_be_framed_by_the_portal_only(client, users, under_review):
    doc, version = under_review
    client.force_login(users["curator"])
    url = f"/programs/documents/versions/{version.pk}/download/"
    inline = client.get(url + "?inline=1")
    assert inline.status_code == 200 and inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert b"".join(inline.streaming_content) == PDF
    plain = client.get(url)
    assert plain["Content-Disposition"].startswith("attachment") and plain["X-Frame-Options"] == "DENY"
    page = client.get(f"/programs/documents/{doc.pk}/")
    assert page["X-Frame-Options"] == "DENY"  # the pages themselves stay unframeable


def test_a_file_named_pdf_that_is_not_one_is_only_downloaded(client, users, two_municipalities):
    from programs.services.documents import document_create, document_version_add

    doc = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2023, title="К"
    )
    version = document_version_add(
        document=doc, user=users["school_admin"], content=b"<html><script>x</script>", filename="k.pdf"
    )
    client.force_login(users["curator"])
    response = client.get(f"/programs/documents/versions/{version.pk}/download/?inline=1")
    assert response["Content-Disposition"].startswith("attachment") and response["X-Frame-Options"] == "DENY"


def test_approval_needs_the_confirmation(client, users, under_review):
    doc, _ = under_review
    client.force_login(users["curator"])
    response = client.post(f"/programs/documents/{doc.pk}/status/", {"to_status": "approved"}, follow=True)
    doc.refresh_from_db()
    assert doc.status == "under_review"
    assert "Я ознакомился с документом" in response.content.decode()
    client.post(f"/programs/documents/{doc.pk}/status/", {"to_status": "approved", "confirm": "on"})
    doc.refresh_from_db()
    assert doc.status == "approved"


def test_return_needs_no_confirmation(client, users, under_review):
    doc, _ = under_review
    client.force_login(users["curator"])
    client.post(f"/programs/documents/{doc.pk}/status/", {"to_status": "returned", "remarks": "Нет сроков"})
    doc.refresh_from_db()
    assert doc.status == "returned"


def test_other_municipality_cannot_see_the_file(client, users, under_review):
    doc, version = under_review
    client.force_login(users["head_b"])
    assert client.get(f"/programs/documents/{doc.pk}/").status_code == 404
    assert client.get(f"/programs/documents/versions/{version.pk}/download/?inline=1").status_code == 404


# --- 3. The event's teachers: checkboxes with a search -------------------------------------------------------------


@pytest.fixture
def event_a(two_municipalities):
    from tests.factories.mentoring import EventAttendanceFactory, EventFactory, TeacherFactory

    w = two_municipalities
    event = EventFactory(host_school=w["a1"])
    EventAttendanceFactory(event=event, school=w["a2"])
    teachers = [TeacherFactory(school=w["a1"], full_name=f"Иванова{n} А. Б.") for n in range(3)]
    teachers.append(TeacherFactory(school=w["a2"], full_name="Петрова В. Г.", subject="Русский язык"))
    TeacherFactory(school=w["b1"], full_name="Чужая Д. Е.")
    return event, teachers


def test_event_teachers_are_checkboxes_with_a_search(client, users, event_a):
    event, _ = event_a
    client.force_login(users["methodologist"])
    page = client.get(f"/mentoring/events/{event.pk}/").content.decode()
    assert "js/select-filter.js" in page and "data-select-filter" in page and "Ctrl" not in page
    assert page.count('type="checkbox" name="teachers"') == 4  # the schools at the event, not B's teacher
    assert "Петрова В. Г." in page and "Чужая" not in page
    assert "<select" not in page[page.index("data-select-filter") :].split("</form>")[0]


def test_event_teachers_saved_from_the_checkboxes(client, users, event_a):
    event, teachers = event_a
    client.force_login(users["methodologist"])
    chosen = [teachers[0].pk, teachers[3].pk]
    response = client.post(f"/mentoring/events/{event.pk}/", {"form": "teachers", "teachers": chosen})
    assert response.status_code == 302
    assert sorted(event.teacher_attendances.values_list("teacher_id", flat=True)) == sorted(chosen)
    page = client.get(f"/mentoring/events/{event.pk}/").content.decode()
    checked = set(re.findall(r'name="teachers" value="(\d+)"[^>]*\bchecked\b', page))
    assert checked == {str(pk) for pk in chosen}


def test_event_teachers_of_other_municipality_refused(client, users, event_a, two_municipalities):
    from tests.factories.mentoring import TeacherFactory

    event, _ = event_a
    stranger = TeacherFactory(school=two_municipalities["b1"])
    client.force_login(users["methodologist"])
    client.post(f"/mentoring/events/{event.pk}/", {"form": "teachers", "teachers": [stranger.pk]})
    assert not event.teacher_attendances.exists()
    client.force_login(users["head_b"])
    assert client.get(f"/mentoring/events/{event.pk}/").status_code == 404


# --- 4. The risk profile's level selects ---------------------------------------------------------------------------


def test_risk_level_selects_are_covered_by_the_min_width_rule(client, users, two_municipalities):
    from django.conf import settings

    from programs.services.risk_profiles import risk_profile_get_or_create

    risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    client.force_login(users["school_admin"])
    page = client.get("/programs/risk/A-1/2023/").content.decode()
    names = re.findall(r'<select name="(level_\d+)"', page)
    assert names and '<option value="medium"' in page
    css = (settings.BASE_DIR / "static" / "css" / "opora.css").read_text(encoding="utf-8")
    rule = re.search(r'\.form select\[name\^="level_"\]\s*\{([^}]*)\}', css)
    assert rule and re.search(r"min-width:\s*9\.5rem", rule.group(1))
