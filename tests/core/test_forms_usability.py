"""Forms that read well (issue #17, «Forms»): the indicator's settings as fields, the document's approval with its
confirmation and the file in front of the reviewer, the event's teachers as a filterable list of checkboxes, the
risk profile's level selects wide enough for «Средний»."""

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
