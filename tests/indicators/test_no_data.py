"""«No data» is never 0 % and never «достигнуто»: each measure's meaning of «no data» (no list of the year, no
results of its procedures, no records of its kind, an empty denominator), and a real empty list reads as one."""

import datetime

import pytest

from assessments.risk.selectors import shnor_list_sources
from assessments.risk.services import risk_list_recompute
from programs.indicators import services as svc
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _attach(world, users, code, program="program_a", **kw):
    user = users["methodologist"] if program == "program_a" else users["admin"]
    return svc.indicator_attach_preset(user=user, program=world[program], code=code, **kw)


def _value(ind, year):
    return IndicatorValue.objects.get(indicator=ind, year=year, school=None)


def test_shnor_share_of_a_year_without_any_list_is_no_data(ind_world, users):
    ind = _attach(ind_world, users, "shnor_share", targets={"2023": 20})
    indicator_values_recompute(year=2023)  # 2023: no official list, no computed one
    v = _value(ind, 2023)
    assert (v.value, v.numerator, v.denominator, v.status) == (None, None, None, "no_data")
    assert v.details["no_data"] == "за 2023 год нет списка ШНОР — ни официального, ни рассчитанного порталом"
    assert v.note == v.details["no_data"]


def test_computed_empty_list_from_real_data_is_a_real_zero(ind_world, users):
    ind = _attach(ind_world, users, "shnor_share", program="program_b", targets={"2025": 20})
    risk_list_recompute(year=2025)  # B-1's 2024 results: 3 «2» of 30, not low — B's list of 2025 is empty
    assert shnor_list_sources(year=2025, municipality_ids=[ind_world["program_b"].municipality_id]) == {
        ind_world["program_b"].municipality_id: "computed"
    }
    indicator_values_recompute(year=2025)
    v = _value(ind, 2025)
    assert (v.value, v.numerator, v.denominator, v.status) == (0, 0, 1, "met")
    assert v.note == "0 из 1 ОО — список рассчитан, школ в нём нет"


def test_a_recompute_without_the_years_results_is_no_list(ind_world, users):
    ind = _attach(ind_world, users, "shnor_share", program="program_b", targets={"2026": 20})
    risk_list_recompute(year=2026)  # reads 2025: there are no results of 2025
    indicator_values_recompute(year=2026)
    assert (_value(ind, 2026).value, _value(ind, 2026).status) == (None, "no_data")


def test_results_measure_without_results_of_the_year(ind_world, users):
    ind = _attach(ind_world, users, "vpr_coped_share", targets={"2022": 75})
    indicator_values_recompute(year=2022)
    v = _value(ind, 2022)
    assert (v.value, v.status, v.details["no_data"]) == (
        None,
        "no_data",
        "нет результатов за 2022 год по процедурам показателя",
    )


def test_support_measure_without_records_of_the_year_is_no_data(ind_world, users):
    # Every school of A (five) counts, but the portal holds no visit or event of 2026: 0 of 5 would be a guess.
    ind = _attach(ind_world, users, "method_work_share", params={"schools": "all"}, targets={"2026": 50})
    indicator_values_recompute(year=2026)
    v = _value(ind, 2026)
    assert (v.value, v.numerator, v.denominator, v.status) == (None, None, None, "no_data")
    assert "нет визитов кураторов и методических мероприятий" in v.details["no_data"]


@pytest.mark.parametrize(
    "code, params, text",
    [
        ("partnership_share", {"schools": "all"}, "нет партнёрств"),
        ("teachers_diagnosed_share", {"schools": "all"}, "нет диагностик"),
        ("teachers_pd_share", {"schools": "all"}, "нет завершённых курсов"),
    ],
)
def test_each_support_measure_has_its_no_data(ind_world, users, code, params, text):
    ind = _attach(ind_world, users, code, params=params, targets={"2026": 10})
    indicator_values_recompute(year=2026)
    v = _value(ind, 2026)
    assert (v.value, v.status) == (None, "no_data") and text in v.details["no_data"]


def test_support_measure_with_records_of_the_year_keeps_its_zero(ind_world, users):
    # 2024 has visits and events in A: the schools without any are a real 0 (A-2, A-3 and A-5 of five: 2 of 5).
    ind = _attach(ind_world, users, "method_work_share", params={"schools": "all"}, targets={"2024": 50})
    indicator_values_recompute(year=2024)
    v = _value(ind, 2024)
    assert (v.numerator, v.denominator, v.status) == (2, 5, "not_met")


def test_empty_denominator_is_no_data_never_met(ind_world, users):
    # Target schools of 2023: none (no ШНОР, no ШНСУ) — «≤» targets would read 0 as met.
    ind = _attach(ind_world, users, "teachers_pd_share", targets={"2023": 100}, comparator="le")
    indicator_values_recompute(year=2023)
    v = _value(ind, 2023)
    assert (v.value, v.status) == (None, "no_data")


def test_empty_denominator_says_so(ind_world, users):
    # 2026: teachers' courses are recorded in A, but there are no target schools (no lists of 2026).
    from mentoring.models import PDCourse, Teacher

    PDCourse.objects.create(
        teacher=Teacher.objects.filter(school=ind_world["schools"]["A-1"]).first(),
        title="ПК",
        hours=36,
        start=datetime.date(2026, 1, 10),
        end=datetime.date(2026, 2, 10),
        completed=True,
    )
    share = _attach(ind_world, users, "teachers_pd_share", targets={"2026": 100}, comparator="le")
    count = svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="pd-count",
        name="Педагогов с курсами ПК",
        unit="count",
        direction="higher",
        comparator="ge",
        method="computed",
        measure="teachers_pd_count",
        targets={"2026": 0},
    )
    indicator_values_recompute(year=2026)
    assert (_value(share, 2026).status, _value(share, 2026).details["no_data"]) == (
        "no_data",
        "нет данных за 2026 год: знаменатель пуст (педагогов — 0)",
    )
    assert (_value(count, 2026).value, _value(count, 2026).status, _value(count, 2026).details["no_data"]) == (
        None,
        "no_data",
        "нет данных за 2026 год: набор, по которому считается показатель, пуст",
    )


def test_charts_get_a_gap_for_a_year_without_data(ind_world, users, monkeypatch, client, ind_urls):
    """Pages and the programme report hand the chart None (a gap) for a year without data, never 0."""
    import programs.indicators.views as views
    import reports.selectors as report_selectors

    drawn = []

    def capture(**kwargs):
        drawn.append(kwargs["series"]["значение"])
        return "<svg></svg>"

    monkeypatch.setattr(views, "line_chart", capture)
    monkeypatch.setattr(report_selectors, "line_chart", capture)
    _attach(ind_world, users, "shnor_share", targets={"2023": 20, "2024": 20})
    indicator_values_recompute(year=2023)
    indicator_values_recompute(year=2024)
    client.force_login(users["head"])
    assert client.get("/indicators/ind-a/shnor_share/").status_code == 200
    report_selectors.indicator_rows([ind_world["program_a"]], 2024)
    assert drawn and all(series[2023] is None and series[2024] == 20.0 for series in drawn)
