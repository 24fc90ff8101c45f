"""Staffing figures where the teachers' names are not kept (seed 003: 268 teachers, 55 under 35, 235 with higher
education…): validation, the API (scoped, with exports), the form page, and the staffing block that takes each
year's figures from the names where a school keeps them, else from the figures — saying which."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.exports import read_back
from mentoring.models import StaffingFigures
from mentoring.selectors.staffing import staffing_by_year
from tests.factories import StaffingFiguresFactory, TeacherFactory

pytestmark = pytest.mark.django_db

# Seed 003 (demo/seeds/003_district_figures.csv, 003_teachers_rus_math_2020.csv): the district in 2020/21.
SEED_003 = {
    "municipality": "A01",
    "year": 2021,
    "pedagogical_staff": 397,
    "teachers_total": 268,
    "higher_education": 235,
    "under_35": 55,
    "over_55": 81,
    "qualified_category": 143,
    "experience_over_20": 181,
    "source": "Программа, раздел I",
    "subjects": [
        {"subject": "Русский язык и литература", "teachers": 32, "qualified_category": 21},
        {"subject": "Математика", "teachers": 22, "qualified_category": 10},
    ],
}


# --- validation ------------------------------------------------------------------------------------------------


def test_a_part_above_the_total_is_refused_in_russian(two_municipalities):
    f = StaffingFigures(municipality=two_municipalities["a"], year=2021, teachers_total=10, higher_education=11)
    with pytest.raises(ValidationError) as exc:
        f.full_clean()
    assert exc.value.message_dict["higher_education"] == [
        "«с высшим образованием» (11) больше, чем учителей всего (10)."
    ]


def test_the_two_age_bands_together_stay_within_the_total(two_municipalities):
    f = StaffingFigures(municipality=two_municipalities["a"], year=2021, teachers_total=10, under_35=6, over_55=5)
    with pytest.raises(ValidationError) as exc:
        f.full_clean()
    assert "до 35 лет и старше 55 лет вместе (11)" in exc.value.message_dict["over_55"][0]


def test_the_school_must_be_of_the_municipality(two_municipalities):
    w = two_municipalities
    f = StaffingFigures(municipality=w["a"], school=w["b1"], year=2021, teachers_total=10)
    with pytest.raises(ValidationError) as exc:
        f.full_clean()
    assert "не относится к муниципалитету" in exc.value.message_dict["school"][0]


def test_one_row_per_school_and_year_and_per_municipality_and_year(two_municipalities):
    w = two_municipalities
    StaffingFiguresFactory(school=w["a1"], year=2021)
    StaffingFiguresFactory(school=None, municipality=w["a"], year=2021)
    with pytest.raises(ValidationError, match="этой ОО за этот год уже есть"):
        StaffingFigures(municipality=w["a"], school=w["a1"], year=2021, teachers_total=3).full_clean()
    with pytest.raises(ValidationError, match="муниципалитета в целом за этот год уже есть"):
        StaffingFigures(municipality=w["a"], year=2021, teachers_total=3).full_clean()


# --- API -------------------------------------------------------------------------------------------------------


def test_methodologist_enters_seed_003s_district_figures(world, users, api_as):
    response = api_as(users["methodologist"]).post("/api/v1/staffing/", SEED_003, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["school"], data["teachers_total"], data["under_35"], data["over_55"]) == (None, 268, 55, 81)
    assert [(s["subject"], s["teachers"], s["qualified_category"]) for s in data["subjects"]] == [
        ("Русский язык и литература", 32, 21),
        ("Математика", 22, 10),
    ]
    f = StaffingFigures.objects.get()
    assert f.school is None and f.municipality.code == "A01" and f.history.count() == 1


def test_a_part_above_the_total_is_a_400_in_russian(world, users, api_as):
    body = {**SEED_003, "under_35": 300, "subjects": []}
    response = api_as(users["methodologist"]).post("/api/v1/staffing/", body, format="json")
    assert response.status_code == 400
    assert response.json()["under_35"] == ["«до 35 лет» (300) больше, чем учителей всего (268)."]


def test_a_subject_above_the_total_is_refused(world, users, api_as):
    body = {**SEED_003, "subjects": [{"subject": "Математика", "teachers": 300}]}
    response = api_as(users["methodologist"]).post("/api/v1/staffing/", body, format="json")
    assert response.status_code == 400 and "Учителей предмета (300)" in str(response.json())
    assert not StaffingFigures.objects.exists()


@pytest.mark.parametrize("role", ["curator", "school_admin"])
def test_school_bound_roles_enter_their_schools_figures_only(world, users, api_as, role):
    client = api_as(users[role])
    school_row = {"school": "A-1", "year": 2021, "teachers_total": 25, "under_35": 5}
    response = client.post("/api/v1/staffing/", school_row, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["municipality"] == "A01"  # implied by the school
    whole = client.post("/api/v1/staffing/", {**SEED_003, "subjects": []}, format="json")
    assert whole.status_code == 400 and "в целом вам недоступны" in str(whole.json())
    other = client.post("/api/v1/staffing/", {**school_row, "school": "A-3"}, format="json")
    assert other.status_code == 400


@pytest.mark.parametrize("role", ["head", "regional", "api_client"])
def test_readers_read_but_do_not_write(world, users, api_as, role):
    StaffingFiguresFactory(school=world["a"]["teacher"].school, year=2021)
    client = api_as(users[role])
    assert client.post("/api/v1/staffing/", {**SEED_003, "subjects": []}, format="json").status_code == 403
    assert client.get("/api/v1/staffing/").json()["count"] == 1


def test_another_municipalitys_figures_do_not_exist(world, users, api_as):
    theirs = StaffingFiguresFactory(school=world["b"]["teacher"].school, year=2021)
    whole_b = StaffingFiguresFactory(school=None, municipality=world["b"]["teacher"].school.municipality, year=2021)
    client = api_as(users["methodologist"])
    assert client.get("/api/v1/staffing/").json()["count"] == 0
    assert client.get(f"/api/v1/staffing/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/v1/staffing/{whole_b.pk}/", {"teachers_total": 1}, format="json").status_code == 404


def test_curator_sees_the_municipality_figures_but_not_another_schools(world, users, api_as):
    a = world["a"]["teacher"].school.municipality
    StaffingFiguresFactory(school=None, municipality=a, year=2021)
    StaffingFiguresFactory(school=world["a3"], year=2021)
    rows = api_as(users["curator"]).get("/api/v1/staffing/").json()["results"]
    assert [(r["school"], r["municipality"]) for r in rows] == [(None, "A01")]


def test_list_filters_and_patch(world, users, api_as):
    client = api_as(users["methodologist"])
    created = client.post("/api/v1/staffing/", SEED_003, format="json").json()
    StaffingFiguresFactory(school=world["a3"], year=2020)
    assert [r["year"] for r in client.get("/api/v1/staffing/?year=2021").json()["results"]] == [2021]
    assert [r["school"] for r in client.get("/api/v1/staffing/?school=A-3").json()["results"]] == ["A-3"]
    patched = client.patch(f"/api/v1/staffing/{created['id']}/", {"pension_age": 70}, format="json")
    assert patched.status_code == 200 and patched.json()["pension_age"] == 70
    assert len(patched.json()["subjects"]) == 2  # untouched when not given


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_list_exports(world, users, api_as, fmt):
    client = api_as(users["methodologist"])
    client.post("/api/v1/staffing/", SEED_003, format="json")
    rows = read_back(client.get(f"/api/v1/staffing/?format={fmt}").content, fmt)
    assert "Учителей всего" in rows[0] and len(rows) == 2
    assert "268" in [str(v) for v in rows[1]]


# --- pages -----------------------------------------------------------------------------------------------------


def test_methodologist_enters_figures_on_the_form(world, users, client):
    client.force_login(users["methodologist"])
    assert client.get("/mentoring/staffing/new/").status_code == 200
    body = {
        "school": "",
        "municipality": world["a"]["teacher"].school.municipality_id,
        "year": 2021,
        "teachers_total": 268,
        "under_35": 55,
        "over_55": 81,
        "subjects-TOTAL_FORMS": 1,
        "subjects-INITIAL_FORMS": 0,
        "subjects-0-subject": "Математика",
        "subjects-0-teachers": 22,
        "subjects-0-qualified_category": 10,
    }
    response = client.post("/mentoring/staffing/new/", body)
    assert response.status_code == 302, response.content.decode()[:3000]
    f = StaffingFigures.objects.get()
    assert (f.teachers_total, f.school, list(f.subjects.values_list("teachers", flat=True))) == (268, None, [22])
    page = client.get("/mentoring/staffing/").content.decode()
    assert "Район А (в целом)" in page and "268" in page


def test_the_form_shows_the_russian_error(world, users, client):
    client.force_login(users["school_admin"])
    body = {
        "school": world["a"]["teacher"].school_id,
        "year": 2021,
        "teachers_total": 10,
        "higher_education": 12,
        "subjects-TOTAL_FORMS": 0,
        "subjects-INITIAL_FORMS": 0,
    }
    response = client.post("/mentoring/staffing/new/", body)
    assert response.status_code == 200 and "больше, чем учителей всего (10)" in response.content.decode()
    assert not StaffingFigures.objects.exists()


@pytest.mark.parametrize("role", ["head", "regional"])
def test_readers_get_403_on_the_form_and_read_the_list(world, users, client, role):
    client.force_login(users[role])
    assert client.get("/mentoring/staffing/new/").status_code == 403
    assert client.get("/mentoring/staffing/").status_code == 200


# --- the staffing block ----------------------------------------------------------------------------------------


def test_block_takes_names_where_kept_else_figures(world, users, client):
    school = world["a"]["teacher"].school  # A-1 keeps names: two teachers with no start recorded
    StaffingFiguresFactory(school=school, year=2021, teachers_total=40)  # superseded by the names
    StaffingFiguresFactory(school=world["a3"], year=2021, teachers_total=17)
    TeacherFactory(school=world["a3"], employed_from=datetime.date(2024, 9, 1))  # not a teacher of 2021
    rows = staffing_by_year(user=users["methodologist"], years=[2021])
    by_unit = {(r.year, r.unit): (r.source_label, r.teachers_total) for r in rows}
    assert by_unit[(2021, school.display_name)] == ("по списку педагогов", 2)
    assert by_unit[(2021, world["a3"].display_name)] == ("сводные данные", 17)
    client.force_login(users["head"])
    html = client.get("/mentoring/teachers/?year=2021").content.decode()
    assert "Кадровый состав" in html and "сводные данные" in html and "по списку педагогов" in html


def test_block_of_one_school_by_year(world, users):
    school = world["a3"]
    StaffingFiguresFactory(school=school, year=2020, teachers_total=15, under_35=3)
    TeacherFactory(school=school, employed_from=datetime.date(2021, 9, 1), age_band="lt35")
    rows = staffing_by_year(user=users["methodologist"], years=[2022], school=school)
    assert [(r.year, r.source, r.teachers_total, r.under_35) for r in rows] == [
        (2022, "names", 1, 1),
        (2020, "figures", 15, 3),
    ]


def test_the_list_costs_constant_queries(world, users, api_as, query_budget):
    from tests.factories import SchoolFactory, StaffingSubjectFactory

    municipality = world["a"]["teacher"].school.municipality
    for _ in range(25):
        figures = StaffingFiguresFactory(school=SchoolFactory(municipality=municipality), year=2021)
        StaffingSubjectFactory(figures=figures)
        StaffingSubjectFactory(figures=figures)
    client = api_as(users["methodologist"])
    with query_budget("mentoring.api.staffing"):
        response = client.get("/api/v1/staffing/?page_size=100")
    assert response.status_code == 200 and response.json()["count"] == 25
    assert all(len(r["subjects"]) == 2 for r in response.json()["results"])
