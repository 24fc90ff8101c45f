"""Plausibility flags (domain §4) on tables that give only «2» and «4 и 5», and against the school's own history.

The Barabash figures are the ones issue #14 quotes (Barabash №1, maths, grade 5: 10 «2», no «3» column, 7 «4 и 5»;
Barabash №2: no «2» anywhere, 17 participants / 0 «2» / 0 «4 и 5»). They are not in the shared seed files, so they
are copied here as literal rows; the earlier years that give each school a history are made up for the tests.
"""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assessments.figures import three_count
from assessments.models import Procedure, Result, Subject
from assessments.selectors import FLAG_LABELS, flags_with_history, result_flags
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

# (school, procedure, subject, grade, year, participants, «2», «3», «4 и 5»); None: the table has no such column.
BARABASH = [
    ("BAR-1", "VPR", "math", 5, 2024, 17, 10, None, 7),
    ("BAR-2", "VPR", "math", 5, 2024, 17, 0, None, 0),
    ("BAR-2", "VPR", "russian", 5, 2024, 17, 0, None, 0),
]


def result(school, procedure, subject, grade, year, n, m2, m3, m45):
    return Result.objects.create(
        school=school,
        procedure=procedure,
        subject=Subject.objects.get(code=subject),
        grade=grade,
        year=year,
        participants=n,
        marks_2=m2,
        marks_3=m3,
        marks_4_5=m45,
    )


@pytest.fixture
def barabash(two_municipalities):
    a = two_municipalities["a"]
    schools = {
        code: SchoolFactory(code=code, municipality=a, short_name=f"МБОУ «Барабашская СОШ № {code[-1]}»")
        for code in ("BAR-1", "BAR-2")
    }
    return {
        (code, subject, year): result(schools[code], *rest)
        for code, *rest in BARABASH
        for subject, year in [(rest[1], rest[3])]
    } | {"schools": schools}


def flags_of(row: Result) -> list[str]:
    return flags_with_history([row])[row.pk]


def test_three_is_derived_from_twos_and_four_fives():
    assert three_count(17, 10, None, None, None, 7) == 0
    assert three_count(17, 0, None, None, None, 0) == 17
    assert three_count(17, 10, 2, None, None, 5) == 2  # given «3» wins
    assert three_count(17, None, None, None, None, 7) is None  # «2» unknown: «3» unknown, not 0


def test_barabash_1_flags_no_threes_in_the_two_and_four_five_form(barabash):
    assert "no_threes" in flags_of(barabash[("BAR-1", "math", 2024)])


def test_barabash_1_flags_share_of_twos_over_half(barabash):
    assert "share_2_high" in flags_of(barabash[("BAR-1", "math", 2024)])  # 10 of 17: 58,8 %


def test_derived_threes_that_exist_raise_no_flag(barabash):
    assert "no_threes" not in flags_of(barabash[("BAR-2", "math", 2024)])  # 17 − 0 − 0 = 17 «3»


def test_unknown_twos_do_not_count_as_no_threes(two_municipalities):
    row = Result(
        school=two_municipalities["a1"],
        procedure=Procedure.VPR,
        subject=Subject.objects.get(code="math"),
        grade=5,
        year=2024,
        participants=17,
        marks_4_5=7,
    )
    assert "no_threes" not in result_flags(row)


def test_barabash_2_flags_no_twos_across_all_procedures(barabash):
    assert "zero_everywhere" in flags_of(barabash[("BAR-2", "math", 2024)])
    assert "zero_everywhere" in flags_of(barabash[("BAR-2", "russian", 2024)])


def test_no_twos_in_one_of_several_procedures_is_no_flag(barabash):
    school = barabash["schools"]["BAR-1"]
    other = result(school, "VPR", "russian", 5, 2024, 17, 0, None, 9)
    assert "zero_everywhere" not in flags_of(other)


def test_no_twos_after_a_year_with_many_says_so(barabash):
    school = barabash["schools"]["BAR-2"]
    result(school, "VPR", "math", 5, 2023, 17, 9, None, 4)  # 52,9 % a year before
    flags = flags_of(barabash[("BAR-2", "russian", 2024)])
    assert "zero_after_many" in flags and "zero_everywhere" not in flags


def test_jump_is_measured_against_the_school_history_in_the_database(barabash):
    """Only this year's row is at hand (one page, one year): the previous year is read from the database."""
    result(barabash["schools"]["BAR-1"], "VPR", "math", 5, 2023, 17, 1, None, 9)  # 5,9 % → 58,8 %
    assert "jump" in flags_of(barabash[("BAR-1", "math", 2024)])


def test_jump_spans_a_year_without_the_procedure(barabash):
    result(barabash["schools"]["BAR-1"], "VPR", "math", 5, 2022, 17, 1, None, 9)  # no VPR row in 2023
    assert "jump" in flags_of(barabash[("BAR-1", "math", 2024)])


def test_quality_jump_in_the_two_and_four_five_form(barabash):
    school = barabash["schools"]["BAR-2"]
    result(school, "VPR", "math", 5, 2023, 17, 0, None, 12)  # quality 70,6 % → 0,0 %
    flags = flags_of(barabash[("BAR-2", "math", 2024)])
    assert "quality_jump" in flags and "jump" not in flags


def test_small_change_is_no_jump(barabash):
    result(barabash["schools"]["BAR-1"], "VPR", "math", 5, 2023, 17, 8, None, 7)  # 47,1 % → 58,8 %
    assert not {"jump", "quality_jump"} & set(flags_of(barabash[("BAR-1", "math", 2024)]))


def test_another_school_history_is_not_the_school_own(barabash, two_municipalities):
    result(two_municipalities["a1"], "VPR", "math", 5, 2023, 17, 1, None, 9)
    assert "jump" not in flags_of(barabash[("BAR-1", "math", 2024)])


def test_flags_of_many_rows_take_one_query(barabash, query_budget):
    rows = [v for k, v in barabash.items() if k != "schools"]
    with query_budget("assessments.selectors.flags_with_history"):
        flags_with_history(rows)


# --- shown beside the figures: API, pages, dossier --------------------------------------------------------------


def test_api_results_carry_flags_with_codes_and_labels(barabash, users):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["head"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = client.get("/api/v1/results/", {"school": "BAR-1"}).json()
    flags = body["results"][0]["flags"]
    assert {"code": "no_threes", "label": FLAG_LABELS["no_threes"]} in flags


def test_api_result_detail_carries_flags(barabash, users):
    client = APIClient()
    client.force_authenticate(users["head"])
    row = barabash[("BAR-2", "math", 2024)]
    codes = [f["code"] for f in client.get(f"/api/v1/results/{row.pk}/").json()["flags"]]
    assert "zero_everywhere" in codes


def test_results_page_shows_flags_and_the_derived_three(barabash, users, client):
    client.force_login(users["head"])
    html = client.get("/assessments/school/BAR-1/").content.decode()
    assert "нет ни одной «3»" in html
    assert 'title="вычислено: участники − «2» − «4 и 5»">0*</span>' in html
    assert "«4» и «5»" in html


def test_results_list_page_shows_no_twos_anywhere(barabash, users, client):
    client.force_login(users["head"])
    html = client.get("/assessments/", {"school": "BAR-2"}).content.decode()
    assert "ни одной «2» ни в одной процедуре школы за год" in html


def test_dossier_shows_flags_against_last_year(barabash, users, client):
    result(barabash["schools"]["BAR-1"], "VPR", "math", 5, 2023, 17, 1, None, 9)
    client.force_login(users["head"])
    html = client.get("/reports/school/BAR-1/", {"year": 2024}).content.decode()
    assert "нет ни одной «3»" in html and "скачок доли «2» на 30 п.п." in html
