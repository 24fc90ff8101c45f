"""Seed 004 (район имени Лазо, «Эффективная школа» 2023–2024): the portal's figures are the document's."""

import re
from decimal import Decimal

import pytest

from demo import seed004
from demo.common import csv_rows
from programs.indicators.models import Indicator, IndicatorValue
from programs.models import PlanItem, Program, ProgramParticipant
from schools.models import School, SchoolStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def lazo(load_seed):
    load_seed("004")
    return Program.objects.get(code="lazo-effective-school")


def _value(program, code, year):
    return IndicatorValue.objects.get(indicator__program=program, indicator__code=code, year=year, school=None)


def test_registry_has_29_schools_with_numeric_codes(lazo):
    codes = list(School.objects.filter(municipality__code="LAZO").values_list("code", flat=True))
    assert len(codes) == 29 and all(re.fullmatch(r"\d{6}", c) for c in codes)


def test_official_lists_by_year_with_levels(lazo):
    official = SchoolStatus.objects.filter(kind="shnor", source="official", school__municipality__code="LAZO")
    by_year = {y: official.filter(year=y).count() for y in (2019, 2021, 2022)}
    levels = dict(official.filter(year=2022).values_list("school__short_name", "level"))
    expected = {r["name_short_ru"]: r["result_level"].split("_")[0] for r in csv_rows("004_shnor_schools.csv")}
    words = {"strongly": "strong", "moderately": "moderate", "basically": "basic"}
    assert (by_year, levels) == ({2019: 2, 2021: 8, 2022: 10}, {k: words[v] for k, v in expected.items()})


def test_shnor_share_is_the_documents_27_6_and_34_5(lazo):
    got = {y: _value(lazo, "shnor_share", y) for y in (2021, 2022)}
    assert {y: (v.numerator, v.denominator, round(v.value, 1)) for y, v in got.items()} == {
        2021: (8, 29, Decimal("27.6")),
        2022: (10, 29, Decimal("34.5")),
    }
    # The document's own figures, recorded beside the computed ones, agree with them.
    assert all(round(v.value, 1) == v.fact.value for v in got.values())


def test_participants_by_year_and_track(lazo):
    rows = ProgramParticipant.objects.filter(program=lazo)
    counts = {(y, t): rows.filter(year=y, track__number=t).count() for y in (2023, 2024) for t in (1, 2)}
    assert counts == {(2023, 1): 10, (2023, 2): 2, (2024, 1): 10, (2024, 2): 2}


def test_plan_has_the_66_items_of_the_schedule(lazo):
    assert PlanItem.objects.filter(program=lazo, school=None).count() == 66


def test_indicator_targets_are_the_documents(lazo):
    targets = dict(Indicator.objects.filter(program=lazo).values_list("code", "targets"))
    assert {k: targets[k] for k in ("vpr_coped_share", "shnor_share", "teachers_pd_share")} == {
        "vpr_coped_share": {"2023": 75, "2024": 75},
        "shnor_share": {"2023": 20, "2024": 20},
        "teachers_pd_share": {"2023": 100, "2024": 100},
    } and targets["quality_measures_share"] == {"2023": 79, "2024": 89}


def test_indicator_6_rounding_error_is_flagged(lazo):
    """Digest 004 §6.2: 26 of 29 schools are 89,66 %, which rounds to 90, not the document's 89."""
    note = Indicator.objects.get(program=lazo, code="quality_measures_share").note
    assert "89,66 %" in note and "90 %" in note


def test_methodical_landing_in_the_eight_schools_of_item_1_2_19(lazo):
    from mentoring.models import MethodEvent

    hosts = set(
        MethodEvent.objects.filter(title__startswith="«Методический десант»: внутришкольная").values_list(
            "host_school__settlement", "host_school__name"
        )
    )
    # The document: «с. Гродеково, с. Святогорье, с. Соколовка, п. Новостройка, № 2 р.п. Хор, с. Гвасюги,
    # р.п. Мухен, п. Сукпай».
    assert sorted(s for s, _ in hosts) == sorted(
        ["с. Гродеково", "с. Святогорье", "с. Соколовка", "п. Новостройка", "р.п. Хор", "с. Гвасюги", "р.п. Мухен",
         "п. Сукпай"]
    )  # fmt: skip
    assert len(seed004.DESANT) == 8


def test_no_internal_codes_in_what_users_read(lazo):
    texts = [i.note for i in Indicator.objects.filter(program=lazo)] + [lazo.title]
    assert not [t for t in texts if "Сид" in t or "seed" in t.lower()]


def test_the_documents_chronology_errors_are_remarked_on_their_items(lazo):
    """Digest 004 §6.5–6.8: each shows on the plan item it concerns."""
    from programs.models import PlanItemComment

    remarked = set(PlanItemComment.objects.filter(item__program=lazo).values_list("item__number", "text"))
    assert set(seed004.REMARKS.items()) <= remarked and "13.03.2023" in seed004.REMARKS["1.1.1"]


def test_plan_events_held_with_the_share_of_shnor_they_promise(lazo):
    """Items 1.2.x: «приняли участие представители не менее N % ШНОР» — the events' attendance gives N %."""
    from mentoring.models import MethodEvent

    listed = set(
        ProgramParticipant.objects.filter(program=lazo, track__number=1, year=2023).values_list("school", flat=True)
    )
    events = MethodEvent.objects.filter(municipality__code="LAZO", date__year=2023, target_share_shnor__isnull=False)
    shares = [
        (100 * len(set(e.attendances.values_list("school", flat=True)) & listed) / 10, e.target_share_shnor)
        for e in events
    ]
    assert len(shares) >= 15 and all(share >= target for share, target in shares)


def test_period_stated_twice_differently_is_kept_with_both_wordings(lazo):
    """The project runs «2 года (2023 – 2024 гг.)»; its task 8 speaks of a programme «на 2022-2023 годы»."""
    assert "2023 – 2024" in lazo.period_text and "2022–2023" in lazo.period_text


def test_regional_project_and_risk_zone_lists_of_2023(lazo):
    official = SchoolStatus.objects.filter(source="official", year=2023, school__municipality__code="LAZO")
    regional = set(official.filter(kind="regional_project").values_list("school__code", flat=True))
    risk_zone = set(official.filter(kind="watch").values_list("school__code", flat=True))
    track_2 = set(
        ProgramParticipant.objects.filter(program=lazo, year=2023, track__number=2).values_list(
            "school__code", flat=True
        )
    )
    assert regional == {seed004.C[k] for k in seed004.REGIONAL_PROJECT} and len(regional) == 3
    assert risk_zone == track_2 and len(risk_zone) == 2


def test_landing_and_festival_are_their_own_event_kinds(lazo):
    from mentoring.models import MethodEvent

    events = MethodEvent.objects.filter(municipality__code="LAZO")
    landing = events.filter(kind="methodical_landing")
    festival = events.get(kind="festival")
    assert landing.count() == 8 + 1  # the eight schools of 1.2.19 and the landing at Переяславка of 1.2.13
    assert "«Учитель-учителю»" in festival.title and festival.host_school.settlement == "п. Новостройка"
