"""The programme passport as the seed documents have it: funding sources, normative basis, main idea, the period as
worded (both wordings where a document differs from itself), expected results, risks and participants by year and
track — on the page, in the form, in the API (GET/POST/PATCH) and in the export; and the plan item's fact as people
write numbers."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from core.exports import read_back
from programs.models import Program
from tests.support.programs import item_make

pytestmark = pytest.mark.django_db

# Seed 002 (Partizansk): the title says «на 2022-2024 годы», the passport «01.2022-12.2024 г.г.».
PERIOD_TEXT = "на 2022-2024 годы\n01.2022-12.2024 г.г."
FUNDING = "Не требует дополнительного финансирования"
NORMATIVE = (
    "Федеральный закон «Об образовании в Российской Федерации» от 29.12.2012 № 273-ФЗ;\n"
    "Приказ министерства образования Краснодарского края от 29.07.2022 № 1736"
)
IDEA = "Преодоление разрыва в образовательных возможностях и результатах между школами района"


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["methodologist"])
    return client


@pytest.fixture
def as_method(client, users):
    client.force_login(users["methodologist"])
    return client


def test_post_program_keeps_the_passport_fields(api, two_municipalities):
    body = {
        "code": "partizansk",
        "title": "Программа по повышению качества образования",
        "municipality": "A01",
        "period": {"start": "2022-01-01", "end": "2024-12-31"},
        "period_text": PERIOD_TEXT,
        "funding_sources": FUNDING,
        "normative_basis": NORMATIVE,
        "main_idea": IDEA,
        "expected_results": ["Сформирована система доступа к качественному образованию"],
        "risks": [{"risk": "Отток кадров", "mitigation": "Наставничество"}],
        "tracks": [{"number": 1, "title": "ШНОР"}],
        "schools": [{"school": "A-1", "year": 2022, "track": 1}, {"school": "A-2", "year": 2023, "track": None}],
    }
    response = api.post("/api/v1/programs/", body, format="json")
    assert response.status_code == 201, response.json()
    program = Program.objects.get(code="partizansk")
    assert (program.funding_sources, program.normative_basis, program.main_idea, program.period_text) == (
        FUNDING,
        NORMATIVE,
        IDEA,
        PERIOD_TEXT,
    )
    assert program.period_wordings == ["на 2022-2024 годы", "01.2022-12.2024 г.г."]
    got = api.get("/api/v1/programs/partizansk/").json()
    assert {k: got[k] for k in ("funding_sources", "normative_basis", "main_idea", "period_text")} == {
        "funding_sources": FUNDING,
        "normative_basis": NORMATIVE,
        "main_idea": IDEA,
        "period_text": PERIOD_TEXT,
    }
    assert got["risks"] == [{"risk": "Отток кадров", "mitigation": "Наставничество"}]
    assert got["schools"] == [
        {"school": "A-1", "year": 2022, "track": 1},
        {"school": "A-2", "year": 2023, "track": None},
    ]


def test_patch_changes_one_passport_field_and_keeps_the_others(api, program_a):
    program_a.funding_sources, program_a.main_idea = FUNDING, IDEA
    program_a.save()
    response = api.patch("/api/v1/programs/prog-a/", {"normative_basis": NORMATIVE}, format="json")
    assert response.status_code == 200, response.json()
    program_a.refresh_from_db()
    assert (program_a.normative_basis, program_a.funding_sources, program_a.main_idea) == (NORMATIVE, FUNDING, IDEA)


def test_programs_export_has_the_passport_columns(api, program_a):
    program_a.funding_sources = FUNDING
    program_a.save()
    rows = read_back(api.get("/api/v1/programs/?format=xlsx").content, "xlsx")
    header = rows[0]
    assert {"Источники финансирования", "Основная идея", "Нормативная база (по документу в строке)"} <= set(header)
    assert rows[1][header.index("Источники финансирования")] == FUNDING


def test_form_edits_the_passport(as_method, program_a):
    page = as_method.get("/programs/prog-a/edit/").content.decode()
    for label in ("Источники финансирования", "Нормативная база", "Основная идея", "Срок реализации (как в документе)"):
        assert label in page
    response = as_method.post(
        "/programs/prog-a/edit/",
        {
            "code": "prog-a",
            "title": program_a.title,
            "kind": "program",
            "municipality": program_a.municipality_id,
            "period_start": "2023-01-01",
            "period_end": "2024-12-31",
            "period_text": "2 года (2023 – 2024 гг.)",
            "funding_sources": FUNDING,
            "normative_basis": NORMATIVE,
            "main_idea": IDEA,
            "expected_results": "Первый результат\nВторой результат",
            "risks": "Отток кадров — наставничество",
            "tracks": "1. ШНОР\n2. Зона риска",
            "participants": "2023; 1; A-1\n2024; 2; A-1",
        },
    )
    assert response.status_code == 302
    program_a.refresh_from_db()
    assert (program_a.period_text, program_a.funding_sources, program_a.main_idea) == (
        "2 года (2023 – 2024 гг.)",
        FUNDING,
        IDEA,
    )
    assert program_a.expected_results == ["Первый результат", "Второй результат"]
    assert program_a.risks == [{"risk": "Отток кадров", "mitigation": "наставничество"}]
    assert sorted((p.year, p.track.number) for p in program_a.participants.all()) == [(2023, 1), (2024, 2)]
    again = as_method.get("/programs/prog-a/edit/").content.decode()
    assert FUNDING in again and "2 года (2023 – 2024 гг.)" in again


def test_page_shows_the_passport(as_method, program_a):
    program_a.period_text, program_a.funding_sources = PERIOD_TEXT, FUNDING
    program_a.normative_basis, program_a.main_idea = NORMATIVE, IDEA
    program_a.expected_results = ["Снижение доли школ с низкими результатами до 6,3 %"]
    program_a.risks = [{"risk": "Отток кадров", "mitigation": "Наставничество"}]
    program_a.save()
    html = as_method.get("/programs/prog-a/").content.decode()
    assert "«на 2022-2024 годы»; «01.2022-12.2024 г.г.»" in html and "формулировки расходятся" in html
    assert "<dt>Источники финансирования</dt><dd>" + FUNDING in html
    assert "<dt>Основная идея</dt><dd>" + IDEA in html
    assert "<li>Приказ министерства образования Краснодарского края от 29.07.2022 № 1736</li>" in html
    assert "Снижение доли школ с низкими результатами до 6,3 %" in html and "Отток кадров" in html


def test_one_wording_of_the_period_is_not_flagged(as_method, program_a):
    program_a.period_text = "2023-2025 годы\n2023-2025 годы"
    program_a.save()
    html = as_method.get("/programs/prog-a/").content.decode()
    assert "«2023-2025 годы»" in html and "формулировки расходятся" not in html


def test_passport_fields_of_another_municipality_are_404(api, program_b):
    assert api.get("/api/v1/programs/prog-b/").status_code == 404
    assert api.patch("/api/v1/programs/prog-b/", {"funding_sources": "x"}, format="json").status_code == 404


# --- Task C (issue #17): the fact as people write numbers ---


def test_item_form_shows_an_integer_fact_without_decimals(as_method, program_a):
    item = item_make(program_a, end=datetime.date(2023, 3, 1), target_value=Decimal("3"))
    item.fact_value = Decimal("1.00")
    item.save()
    html = as_method.get(f"/programs/prog-a/items/{item.pk}/").content.decode()
    assert 'name="fact_value" value="1"' in html and "1,00" not in html and "<strong>1</strong> из 3" in html


def test_item_form_shows_a_decimal_fact_in_russian(as_method, program_a):
    item = item_make(program_a, end=datetime.date(2023, 3, 1))
    item.fact_value = Decimal("2.50")
    item.save()
    html = as_method.get(f"/programs/prog-a/items/{item.pk}/").content.decode()
    assert 'name="fact_value" value="2,5"' in html


def test_plan_page_shows_fact_and_lateness(as_method, program_a, users):
    item = item_make(program_a, end=datetime.date(2023, 2, 15), target_value=Decimal("1"))
    item.fact_value, item.status, item.completed_on = Decimal("1.00"), "done", datetime.date(2023, 2, 20)
    item.save()
    html = as_method.get("/programs/prog-a/plan/").content.decode()
    assert "<strong>1</strong> из 1" in html and "1,00" not in html
    assert "с опозданием на 5\u00a0дней" in html


def test_page_shows_participants_by_year_and_track(as_method, program_a, two_municipalities):
    from programs.models import ProgramParticipant, ProgramTrack

    track = ProgramTrack.objects.create(program=program_a, number=2, title="Зона риска")
    ProgramParticipant.objects.create(program=program_a, school=two_municipalities["a1"], year=2024, track=track)
    ProgramParticipant.objects.create(program=program_a, school=two_municipalities["a2"], year=2023)
    html = as_method.get("/programs/prog-a/").content.decode()
    assert html.index("<h3>2023 год</h3>") < html.index("Без трека:") < html.index("<h3>2024 год</h3>")
    assert html.index("<h3>2024 год</h3>") < html.index("<strong>Трек 2:</strong>")
