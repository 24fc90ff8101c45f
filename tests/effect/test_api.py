"""GET /api/v1/programs/{code}/effect/ (contract 3.2): the body, the choice of measure, the cache and the scope."""

import pytest
from rest_framework.test import APIClient

from assessments.models import Result
from programs.effect.models import ProgramEffect
from tests.effect.world import FIRST_YEAR, PROGRAM, world_make

pytestmark = pytest.mark.django_db
URL = f"/api/v1/programs/{PROGRAM}/effect/"
CONTRACT = {
    "measure",
    "procedure",
    "subject",
    "grade",
    "baseline_years",
    "followup_years",
    "treated",
    "comparison",
    "estimate",
    "ci",
    "ci_level",
    "method",
    "placebo",
    "warnings",
}


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(two_municipalities):
    return world_make(two_municipalities)


def test_the_body_has_the_contracts_fields_and_the_wwc_verdict(world, users):
    body = client_for(users["head"]).get(URL).json()
    assert CONTRACT | {"baseline_sd_diff", "equivalence", "equivalence_text", "adjusted_estimate", "by_year"} <= set(
        body
    )
    assert (body["measure"], body["procedure"], body["first_year"]) == ("share_2", None, FIRST_YEAR)
    assert body["baseline_years"] == [2019, 2020, 2021, 2022] and body["followup_years"] == [2023, 2024]
    assert body["treated"]["n"] > 0 and body["comparison"]["n"] > 0
    assert body["equivalence"] in ("equivalent", "adjusted", "not_equivalent")
    assert body["equivalence_text"].startswith("до программы группы")
    assert [row["year"] for row in body["by_year"]] == [2019, 2020, 2021, 2022, 2023, 2024]


def test_a_baseline_gap_between_005_and_025_is_adjusted_and_the_estimate_given(world, users):
    body = client_for(users["head"]).get(URL).json()  # seed 2: g = −0,15
    assert (body["equivalence"], body["baseline_sd_diff"]) == ("adjusted", -0.15)
    assert body["estimate"] is not None and body["ci"][0] <= body["estimate"] <= body["ci"][1]
    assert any("(от 0,05 до 0,25)" in w for w in body["warnings"])
    assert "оценка её делает" in body["equivalence_text"]


def test_a_baseline_gap_over_025_withholds_the_estimate_and_says_why(two_municipalities, users):
    world_make(two_municipalities, seed=7)  # g = 0,26
    body = client_for(users["head"]).get(URL).json()
    assert (body["equivalence"], body["estimate"], body["ci"]) == ("not_equivalent", None, None)
    assert any(w.startswith("сравнение ненадёжно: до программы группы различались на 0,26") for w in body["warnings"])
    assert body["equivalence_text"].endswith("поэтому оценка не приводится")


def test_the_measure_procedure_subject_and_grade_choose_the_table(world, users):
    body = client_for(users["head"]).get(URL + "?measure=success&procedure=VPR&subject=russian&grade=5").json()
    assert (body["measure"], body["procedure"], body["subject"], body["grade"]) == ("success", "VPR", "russian", 5)
    share_2 = client_for(users["head"]).get(URL).json()
    # success = 100 − share of «2» for every school-year: the same matches, the levels mirrored
    assert body["treated"]["before"] == pytest.approx(100 - share_2["treated"]["before"], abs=0.11)


def test_a_measure_without_data_says_there_is_no_estimate(world, users):
    body = client_for(users["head"]).get(URL + "?measure=quality").json()  # no «4»/«5» in the world
    assert body["estimate"] is None
    assert body["warnings"] == [
        "сравнение ненадёжно: нет результатов за годы до программы (она начата в 2023 г.), сравнивать не с чем — "
        "оценки нет"
    ]


@pytest.mark.parametrize(
    "query",
    ["?measure=median", "?procedure=XYZ", "?procedure=VPR&subject=nothing", "?subject=russian", "?grade=twelve"],
)
def test_a_wrong_choice_is_a_400_in_russian(world, users, query):
    response = client_for(users["head"]).get(URL + query)
    assert response.status_code == 400
    assert any("а" <= ch <= "я" for ch in response.json()["detail"].lower())


def test_a_cached_effect_is_served_without_computing_again(world, users):
    first = client_for(users["head"]).get(URL).json()
    second = client_for(users["methodologist"]).get(URL).json()
    assert second["computed_at"] == first["computed_at"]
    assert ProgramEffect.objects.count() == 1


def test_changed_results_make_the_cache_stale_and_the_next_read_recomputes(world, users):
    first = client_for(users["head"]).get(URL).json()
    row = Result.objects.filter(school__in=world.participants.values("school"), year=2024).first()
    row.marks_2 = 0
    row.save()
    second = client_for(users["head"]).get(URL).json()
    assert second["data_version"] != first["data_version"] and second["computed_at"] != first["computed_at"]


def test_a_new_participant_makes_the_cache_stale(world, users, two_municipalities):
    from programs.models import ProgramParticipant

    first = client_for(users["head"]).get(URL).json()
    ProgramParticipant.objects.create(program=world, school=two_municipalities["a1"], year=FIRST_YEAR)
    assert client_for(users["head"]).get(URL).json()["data_version"] != first["data_version"]


def test_a_cache_hit_reads_a_fixed_number_of_queries(world, users, query_budget):
    client = client_for(users["head"])
    client.get(URL)
    with query_budget("effect.api.effect"):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "role", ["admin", "regional", "head", "methodologist", "curator", "school_admin", "api_client"]
)
def test_every_role_that_sees_the_programme_reads_its_effect(world, users, role):
    assert client_for(users[role]).get(URL).status_code == 200


def test_a_programme_outside_the_scope_is_404(world, users):
    assert client_for(users["head_b"]).get(URL).status_code == 404
    assert client_for(users["head"]).get("/api/v1/programs/no-such/effect/").status_code == 404


def test_signed_out_is_refused(world):
    assert APIClient().get(URL).status_code in (401, 403)


def test_the_schema_documents_the_endpoint_in_russian(client, users):
    client.force_login(users["admin"])
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/programs/{program_code}/effect/"]["get"]
    assert operation["summary"] == "Эффект программы"
    assert {p["name"] for p in operation["parameters"]} >= {"measure", "procedure", "subject", "grade"}
