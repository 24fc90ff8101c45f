"""Whose schools (contract §3): the target-schools measures and the event's «% ШНОР» are taken over the programme's
participants of the year when the programme names them, else the year's list; an indicator may choose
`list_of_year` or `list_of_base_year`. The programme here is in its second year (2024) and its participants differ
from that year's list.

The data set (tests/support/indicator_world.py): target schools of 2024 — A-1 (official ШНОР) and A-4 (ШНСУ); no lists in 2023.
Participants of programme A: 2023 — A-1, A-3; 2024 — A-3, A-4, A-5.
"""

import pytest
from rest_framework.test import APIClient

from programs.indicators import services as svc
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.models import Indicator, IndicatorValue
from programs.models import ProgramParticipant
from programs.services import ServiceError

pytestmark = pytest.mark.django_db

PARTICIPANTS = {2023: ("A-1", "A-3"), 2024: ("A-3", "A-4", "A-5")}


@pytest.fixture
def world(ind_world):
    schools = ind_world["schools"]
    for year, codes in PARTICIPANTS.items():
        for code in codes:
            ProgramParticipant.objects.create(program=ind_world["program_a"], school=schools[code], year=year)
    return ind_world


def _attach(world, users, code, **kw):
    return svc.indicator_attach_preset(user=users["methodologist"], program=world["program_a"], code=code, **kw)


def _total(ind, year=2024):
    return IndicatorValue.objects.get(indicator=ind, year=year, school=None)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the measures ----------------------------------------------------------------------------------------------------


def test_target_measures_count_the_participants_of_the_year(world, users):
    inds = {
        code: _attach(world, users, code, targets={"2024": 50})
        for code in (
            "method_work_share",
            "partnership_share",
            "teachers_pd_share",
            "teachers_diagnosed_share",
            "quality_change",
            "positive_dynamics_share",
        )
    }
    indicator_values_recompute(year=2024)
    got = {code: (_total(ind).numerator, _total(ind).denominator) for code, ind in inds.items()}
    assert got == {
        # A-4 hosted the 2024 RMO; A-3 hosted only in 2023; A-5 nothing (the list's A-1 visit is not counted).
        "method_work_share": (1, 3),
        # A-4's partnership with A-3 is active in 2024: both sides count.
        "partnership_share": (2, 3),
        # Teachers of A-4 (Т4, Т5, Т6): Т5's course is not completed; A-3 and A-5 have no teachers.
        "teachers_pd_share": (0, 3),
        "teachers_diagnosed_share": (1, 3),  # Т4, diagnosed in September 2024
        # VPR Russian and maths in both years among the participants: only A-4 (maths), 4 of 10 → 4 of 10.
        "quality_change": (4, 10),
        # Of the participants only A-4 has results in both years.
        "positive_dynamics_share": (_total(inds["positive_dynamics_share"]).numerator, 1),
    }
    quality = _total(inds["quality_change"])
    assert quality.value == 0 and quality.status == "not_met"
    population = _total(inds["method_work_share"]).details["population"]
    assert population == {
        "kind": "participants",
        "year": 2024,
        "fallback": False,
        "label": "участники программы 2024 г.",
        "schools": ["A-3", "A-4", "A-5"],
    }


def test_each_year_takes_its_own_participants(world, users):
    ind = _attach(world, users, "method_work_share", targets={"2023": 50, "2024": 50})
    indicator_values_recompute()
    # 2023: participants A-1 (no visit that year) and A-3 (hosted the 2023 seminar); there was no list in 2023.
    first = _total(ind, 2023)
    assert (first.numerator, first.denominator, first.status) == (1, 2, "met")
    assert first.details["population"]["schools"] == ["A-1", "A-3"]
    assert (_total(ind, 2024).numerator, _total(ind, 2024).denominator) == (1, 3)


def test_participants_of_chosen_tracks(world, users):
    from programs.models import ProgramTrack

    program = world["program_a"]
    shnor_track = ProgramTrack.objects.create(program=program, number=1, title="ШНОР")
    everyone = ProgramTrack.objects.create(program=program, number=3, title="Все ОО")
    ProgramParticipant.objects.filter(program=program, year=2024).update(track=everyone)
    ProgramParticipant.objects.filter(program=program, year=2024, school__code="A-4").update(track=shnor_track)
    ind = _attach(world, users, "method_work_share", targets={"2024": 50}, params={"tracks": "1"})
    assert ind.params["tracks"] == [1]
    indicator_values_recompute(year=2024)
    v = _total(ind)
    assert (v.numerator, v.denominator, v.status) == (1, 1, "met")  # A-4, track 1, hosted the RMO
    assert v.details["population"]["label"] == "участники программы 2024 г., трек 1"
    with pytest.raises(ServiceError, match="Треки программы, номера"):
        _attach(world, users, "partnership_share", params={"tracks": "первый"})


def test_a_year_without_participants_has_no_data(world, users):
    ProgramParticipant.objects.filter(program=world["program_a"], year=2024).delete()
    ind = _attach(world, users, "teachers_pd_share", targets={"2024": 50})
    indicator_values_recompute(year=2024)
    v = _total(ind)
    # The programme names participants (2023) but none for 2024: no data, never the list's 2 of 3 nor 0.
    assert (v.value, v.numerator, v.denominator, v.status) == (None, None, None, "no_data")
    assert v.details["population"]["schools"] == []
    assert not IndicatorValue.objects.filter(indicator=ind, year=2024, school__isnull=False).exists()


def test_programme_without_participants_uses_the_list_of_the_year(ind_world, users):
    ind = _attach(ind_world, users, "method_work_share", targets={"2024": 50})
    indicator_values_recompute(year=2024)
    v = _total(ind)
    assert (v.numerator, v.denominator) == (2, 2)  # the targets of 2024
    assert v.details["population"] == {
        "kind": "list_of_year",
        "year": 2024,
        "fallback": True,
        "label": "ШНОР и ШНСУ 2024 г. (программа не называет участников)",
        "schools": ["A-1", "A-4"],
    }


def test_indicator_chooses_the_list_of_the_year_or_of_the_base_year(world, users):
    of_year = _attach(world, users, "method_work_share", targets={"2024": 50}, population="list_of_year")
    base = svc.indicator_save(
        user=users["methodologist"],
        program=world["program_a"],
        code="method-base",
        name="Охват от базового года",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="computed",
        measure="method_work_share",
        population="list_of_base_year",
        baseline_year=2024,
        targets={"2023": 50},
    )
    indicator_values_recompute()
    assert (_total(of_year).numerator, _total(of_year).denominator) == (2, 2)
    assert _total(of_year).details["population"]["label"] == "ШНОР и ШНСУ 2024 г."
    # 2023 support of the 2024 list: A-4 attended the 2023 seminar, A-1 was visited only in 2024.
    v = _total(base, 2023)
    assert (v.numerator, v.denominator) == (1, 2)
    assert v.details["population"]["label"] == "ШНОР и ШНСУ базового 2024 г."
    # No list of 2023 for the list of the year: no data.
    assert _total(of_year, 2023).status == "no_data"


def test_measures_over_all_schools_ignore_the_population(world, users):
    ind = _attach(world, users, "below_min_share", targets={"2024": 5})
    indicator_values_recompute(year=2024)
    v = _total(ind)
    # All of A's results in Russian and maths: A-1 20 + 20 + 10 (OGE), A-2 10, A-4 10 + 8 (EGE); none left out.
    assert v.denominator == 20 + 20 + 10 + 10 + 10 + 8 and "population" not in v.details


def test_two_programmes_of_one_municipality_keep_their_own_participants(world, users):
    from tests.support.programs import program_make

    other = program_make(world["program_a"].municipality, "ind-a-other")
    ProgramParticipant.objects.create(program=other, school=world["schools"]["A-1"], year=2024)
    mine = _attach(world, users, "method_work_share", targets={"2024": 50})
    theirs = svc.indicator_attach_preset(
        user=users["methodologist"], program=other, code="method_work_share", targets={"2024": 50}
    )
    indicator_values_recompute(year=2024)
    assert (_total(mine).numerator, _total(mine).denominator) == (1, 3)
    assert (_total(theirs).numerator, _total(theirs).denominator) == (1, 1)  # A-1, visited in 2024


def test_participants_change_schedules_a_recompute(world, users, django_capture_on_commit_callbacks, monkeypatch):
    from programs.indicators import services as indicator_services

    seen = []
    monkeypatch.setattr(indicator_services, "indicators_recompute_later", lambda **kw: seen.append(kw))
    with django_capture_on_commit_callbacks(execute=False):
        ProgramParticipant.objects.create(program=world["program_a"], school=world["schools"]["A-2"], year=2024)
    assert {"school_ids": [world["schools"]["A-2"].pk]} in seen


# --- the definition: model, service, form, API -------------------------------------------------------------------------


def test_population_is_checked_by_the_service(world, users):
    with pytest.raises(ServiceError, match="Совокупность ОО: значение «everyone» не предусмотрено"):
        _attach(world, users, "method_work_share", population="everyone")
    assert not Indicator.objects.filter(code="method_work_share").exists()


def test_api_exposes_and_changes_the_population(world, users, ind_urls):
    client = api(users["methodologist"])
    created = client.post(
        "/api/v1/indicators/",
        {"program": "ind-a", "preset": "method_work_share", "targets": {"2024": 50}},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["population"] == "participants"
    listed = client.get("/api/v1/indicators/?program=ind-a").json()["results"]
    assert listed[0]["population"] == "participants"
    changed = client.patch("/api/v1/indicators/method_work_share/", {"population": "list_of_base_year"}, format="json")
    assert changed.status_code == 200 and changed.json()["population"] == "list_of_base_year"
    bad = client.patch("/api/v1/indicators/method_work_share/", {"population": "all"}, format="json")
    assert bad.status_code == 400 and "population" in bad.json()
    assert Indicator.objects.get(code="method_work_share").population == "list_of_base_year"


def test_api_values_say_which_population(world, users, ind_urls):
    _attach(world, users, "method_work_share", targets={"2024": 50})
    indicator_values_recompute(year=2024)
    rows = api(users["head"]).get("/api/v1/indicator-values/?indicator=method_work_share&year=2024").json()["results"]
    assert rows[0]["population"] == {
        "kind": "participants",
        "year": 2024,
        "label": "участники программы 2024 г.",
        "count": 3,
        "schools": ["A-3", "A-4", "A-5"],
    }


def test_api_values_list_only_the_population_schools_the_caller_sees(world, users, ind_urls):
    from tests.factories import curator_assign

    curator_assign(users["curator"], world["schools"]["A-4"])
    _attach(world, users, "method_work_share", targets={"2024": 50})
    indicator_values_recompute(year=2024)
    rows = (
        api(users["curator"])
        .get("/api/v1/indicator-values/?indicator=method_work_share&year=2024&scope=municipality")
        .json()["results"]
    )
    assert (rows[0]["population"]["count"], rows[0]["population"]["schools"]) == (3, ["A-4"])


def test_form_edits_the_population(world, users, ind_urls, client):
    ind = _attach(world, users, "method_work_share", targets={"2024": 50})
    client.force_login(users["methodologist"])
    url = f"/indicators/ind-a/{ind.code}/edit/"
    page = client.get(url)
    assert "Совокупность ОО" in page.content.decode()
    response = client.post(
        url,
        {
            "code": ind.code,
            "name": ind.name,
            "unit": "percent",
            "direction": "higher",
            "comparator": "ge",
            "method": "computed",
            "measure": "method_work_share",
            "population": "list_of_year",
            "targets": "2024: 50",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Indicator.objects.get(pk=ind.pk).population == "list_of_year"


def test_drill_down_page_names_the_population_and_lists_its_schools(world, users, ind_urls, client):
    ind = _attach(world, users, "method_work_share", targets={"2024": 50})
    indicator_values_recompute(year=2024)
    client.force_login(users["methodologist"])
    html = client.get(f"/indicators/ind-a/{ind.code}/?year=2024").content.decode()
    assert "Совокупность: участники программы 2024 г. (3 ОО)" in html
    for code in PARTICIPANTS[2024]:
        assert f">{code}<" in html
    assert ">A-1<" not in html  # on the list of 2024, not a participant
    assert "Совокупность ОО: участники программы года (если программа их не называет — список года)" in html


# --- the event's «% ШНОР» ----------------------------------------------------------------------------------------------


@pytest.fixture
def rmo(world):
    from mentoring.models import EventAttendance, MethodEvent

    event = MethodEvent.objects.get(title="РМО")
    event.target_share_shnor = 50
    event.save()
    for code, n in (("A-1", 1), ("A-4", 2)):
        EventAttendance.objects.create(event=event, school=world["schools"][code], participants=n)
    return event


def test_event_share_counts_the_participants_of_its_year(rmo, users, ind_urls):
    from mentoring.selectors.events import event_decorate, event_list

    event = event_decorate(event_list(user=users["methodologist"]).filter(pk=rmo.pk))[0]
    # Participants of 2024; A-4 attended (A-1, on the list, is not a participant).
    assert (event.coverage.attended, event.coverage.total, event.coverage.met) == (1, 3, False)
    assert event.coverage.label == "участники программы 2024 г."
    body = api(users["methodologist"]).get(f"/api/v1/events/{rmo.pk}/").json()
    assert (body["shnor_attended"], body["shnor_total"], body["shnor_represented"]) == (1, 3, 33.3)
    assert body["population"] == {"kind": "participants", "year": 2024, "label": "участники программы 2024 г."}


def test_event_share_without_participants_uses_the_list(rmo, users, world):
    from mentoring.selectors.events import event_decorate, event_list

    ProgramParticipant.objects.filter(year=2024).delete()
    event = event_decorate(event_list(user=users["methodologist"]).filter(pk=rmo.pk))[0]
    assert (event.coverage.attended, event.coverage.total, event.coverage.met) == (1, 1, True)  # A-1, the list
    assert event.coverage.label == "ШНОР 2024 г."


def test_event_page_names_the_population(rmo, users, client):
    client.force_login(users["methodologist"])
    html = client.get(f"/mentoring/events/{rmo.pk}/").content.decode()
    assert "Участники программы 2024 г.: представлено 1 из 3" in html
    assert "33,3\u00a0%" in html  # «33,3 %» with a no-break space
