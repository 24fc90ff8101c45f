"""The ШНОР list against the context groups: who needs help in teaching, who in conditions (issue #18, the ШНОР vs
ШНСУ distinction from data) — on the ШНОР list page and, as a count, on the region comparison."""

import re

import pytest

from programs.effect import selectors
from programs.effect.selectors import BETTER, HARD, LIKE, NO_CONTEXT, NO_RESULTS, WORSE, context_verdict
from schools.models import SchoolContext, SchoolStatus
from tests.factories import SchoolContextFactory, SchoolFactory, SchoolStatusFactory
from tests.support.risk import result

pytestmark = pytest.mark.django_db

LIST_YEAR = 2024  # the list of 2024 is compared on the results of 2023, the latest year it reads


@pytest.fixture
def table(two_municipalities):
    """Six city schools of municipality A with contract 1.1's context (the low-income share grows with the rank:
    groups 1, 1, 2, 2, 3, 3 — the last «трудные условия») and their share of «2» in 2023; a seventh without context;
    all seven on A's official ШНОР list of 2024. In B, B-1 is on B's computed list (B has no official one)."""
    a = two_municipalities["a"]
    shares = {"s1": 40, "s2": 10, "s3": 22, "s4": 20, "s5": 50, "s6": 30}  # %, n = 10 (s3: n = 50)
    schools = {}
    for rank, (name, share) in enumerate(shares.items(), start=1):
        school = SchoolFactory(code=f"CTX-{name}", short_name=f"Школа {name}", municipality=a)
        SchoolContextFactory(
            school=school,
            year=2023,
            urban_rural=SchoolContext.Settlement.URBAN,
            enrolment=400,
            low_income_share=rank * 5,
            sen_share=rank,
        )
        n = 50 if name == "s3" else 10
        result(school, 2023, n=n, m2=share * n // 100)
        schools[name] = school
    schools["s7"] = SchoolFactory(code="CTX-s7", short_name="Школа s7", municipality=a)
    result(schools["s7"], 2023, m2=9)
    for school in schools.values():
        SchoolStatusFactory(school=school, year=LIST_YEAR)
    SchoolStatusFactory(school=two_municipalities["b1"], year=LIST_YEAR, source=SchoolStatus.Source.COMPUTED)
    return schools


def by_code(rows):
    return {r.school.code: r for r in rows}


def test_each_listed_school_is_classed_against_its_context_group(table, users, two_municipalities):
    rows = by_code(selectors.listed_context(user=users["head"], municipality=two_municipalities["a"], year=LIST_YEAR))
    assert {code: r.verdict for code, r in rows.items()} == {
        "CTX-s1": WORSE,  # 40 % against the median 25 % of group 1: +15 п. п.
        "CTX-s2": BETTER,  # 10 % against 25 %: −15
        "CTX-s3": LIKE,  # 22 % against 21 %: +1
        "CTX-s4": LIKE,  # −1
        "CTX-s5": WORSE,  # hardest group, yet 50 % against 40 %: +10 — help in teaching, not only in conditions
        "CTX-s6": HARD,  # hardest group, 30 % against 40 %: its results are those of its conditions
        "CTX-s7": NO_CONTEXT,
    }
    s1 = rows["CTX-s1"]
    assert (s1.value, s1.group_median, s1.difference, s1.group_schools) == (40.0, 25.0, 15.0, 2)
    assert s1.label == "город: благоприятные условия" and not s1.hard
    assert rows["CTX-s6"].label == "город: трудные условия" and rows["CTX-s6"].hard
    assert rows["CTX-s5"].hard and rows["CTX-s5"].verdict_label == "хуже похожих школ"
    assert rows["CTX-s7"].verdict_label == "нет данных о контексте" and rows["CTX-s7"].label is None
    # the order: worse first (the widest gap first), then hard conditions, like, better, no data
    assert [r.school.code for r in rows.values()][:3] == ["CTX-s1", "CTX-s5", "CTX-s6"]


def test_the_margin_is_five_points_either_way():
    assert context_verdict(difference=5.0, hard=False) == WORSE
    assert context_verdict(difference=4.9, hard=False) == LIKE
    assert context_verdict(difference=-4.9, hard=False) == LIKE
    assert context_verdict(difference=-5.0, hard=False) == BETTER
    assert context_verdict(difference=5.0, hard=True) == WORSE
    assert context_verdict(difference=4.9, hard=True) == HARD
    assert context_verdict(difference=None, hard=True) == HARD
    assert context_verdict(difference=None, hard=False) == NO_RESULTS
    assert context_verdict(difference=20.0, hard=None) == NO_CONTEXT


def test_a_listed_school_without_results_has_no_figure(table, users, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=LIST_YEAR)
    SchoolContextFactory(
        school=two_municipalities["a1"], year=2023, urban_rural="город", enrolment=400, low_income_share=1, sen_share=0
    )
    rows = by_code(selectors.listed_context(user=users["head"], municipality=two_municipalities["a"], year=LIST_YEAR))
    assert rows["A-1"].verdict == NO_RESULTS and rows["A-1"].value is None and rows["A-1"].label is not None


def test_a_municipality_user_sees_only_their_schools(table, users, two_municipalities):
    a_rows = selectors.listed_context(user=users["head"], municipality=two_municipalities["a"], year=LIST_YEAR)
    assert "B-1" not in by_code(a_rows) and len(a_rows) == 7
    assert selectors.listed_context(user=users["head"], municipality=two_municipalities["b"], year=LIST_YEAR) == []
    b_rows = selectors.listed_context(user=users["head_b"], municipality=two_municipalities["b"], year=LIST_YEAR)
    assert [r.school.code for r in b_rows] == ["B-1"]  # B's computed list: no official one there
    # a school's administrator: its own school (and branch) only
    assert (
        selectors.listed_context(user=users["school_admin"], municipality=two_municipalities["a"], year=LIST_YEAR) == []
    )


def test_an_official_list_replaces_the_computed_one(table, users, two_municipalities):
    computed_only = SchoolFactory(code="CTX-c", municipality=two_municipalities["a"])
    SchoolStatusFactory(school=computed_only, year=LIST_YEAR, source=SchoolStatus.Source.COMPUTED)
    rows = selectors.listed_context(user=users["head"], municipality=two_municipalities["a"], year=LIST_YEAR)
    assert "CTX-c" not in by_code(rows)  # A has an official list of 2024: the computed one is not the list


def test_the_query_count_does_not_grow_with_the_list(table, users, two_municipalities, query_budget):
    a = two_municipalities["a"]
    with query_budget("effect.selectors.listed_context") as few:
        selectors.listed_context(user=users["head"], municipality=a, year=LIST_YEAR)
    for k in range(12):
        school = SchoolFactory(municipality=a)
        SchoolContextFactory(school=school, year=2023, enrolment=300 + k, low_income_share=k, sen_share=k)
        result(school, 2023, m2=k % 10)
        SchoolStatusFactory(school=school, year=LIST_YEAR)
    with query_budget("effect.selectors.listed_context") as many:
        rows = selectors.listed_context(user=users["head"], municipality=a, year=LIST_YEAR)
    assert len(rows) == 19 and len(many) == len(few)


def test_the_risk_list_page_shows_who_needs_help_in_teaching_and_who_in_conditions(client, table, users):
    client.force_login(users["head"])
    html = client.get(f"/risk/?year={LIST_YEAR}&municipality=A01").content.decode()
    assert "ШНОР и условия: кому нужна помощь в обучении, кому — в условиях" in html
    assert "хуже похожих школ</span>" in html and "трудные условия</span>" in html
    assert "как похожие школы</span>" in html and "лучше похожих школ</span>" in html
    assert "нет данных о контексте</span>" in html
    assert "+15,0\u00a0п. п." in html or "+15,0 п. п." in html
    assert "Хуже похожих школ: 2\u00a0школы из 7." in html or "Хуже похожих школ: 2 школы из 7." in html
    assert "Школа s1" in html and "МБОУ СОШ № 1 (Б)" not in html
    client.force_login(users["school_admin"])  # A-1's administrator: none of its schools is listed — no card
    html = client.get(f"/risk/?year={LIST_YEAR}&municipality=A01").content.decode()
    assert "ШНОР и условия" not in html and "Школа s1" not in html


def test_the_region_comparison_counts_listed_schools_worse_than_similar(client, table, users):
    client.force_login(users["regional"])
    response = client.get(f"/reports/region/?year={LIST_YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ШНОР хуже похожих школ" in html
    cells = {}
    for row in html.split("<tr>")[2:]:
        tds = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        cells[re.sub(r"<[^>]+>", "", tds[0])] = tds[4]
    assert cells == {"Район А": "2", "Район Б": "0"}
