"""The API describes itself in Russian and by topic (config/schema.py): every operation under one of the portal's
topics, each with a Russian summary and description, and the API's own description of sign-in, scope, pages,
exports and errors."""

import re

import pytest

from config.schema import EXPORT_NOTE, TAGS, topic
from tests.security.sweep import openapi_schema

pytestmark = pytest.mark.django_db

TOPICS = [
    "Школы и муниципалитеты",
    "Результаты и загрузки",
    "Списки ШНОР и риски",
    "Программы и план",
    "Показатели",
    "Эффект программы",
    "Сопровождение",
    "Отчёты",
    "Задания",
]
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")


def _russian(text: str) -> bool:
    """Written for a Russian reader: some Cyrillic, and more of it than Latin (codes like `dry_run` may stand in)."""
    return len(CYRILLIC.findall(text)) > len(LATIN.findall(text))


def _operations(schema):
    return [
        (f"{method.upper()} {path}", op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "responses" in op
    ]


@pytest.fixture(scope="module")
def schema():
    return openapi_schema()


def test_topics_are_the_portals_in_russian_with_descriptions(schema):
    assert [tag["name"] for tag in schema["tags"]] == TOPICS
    assert all(_russian(tag["description"]) for tag in schema["tags"])


def test_every_operation_has_exactly_one_topic_of_the_list(schema):
    wrong = {label: op.get("tags") for label, op in _operations(schema) if op.get("tags", [None])[0] not in TOPICS}
    assert wrong == {}
    assert all(len(op["tags"]) == 1 for _, op in _operations(schema))


def test_every_topic_has_operations(schema):
    used = {op["tags"][0] for _, op in _operations(schema)}
    assert used == set(TOPICS)


def test_every_operation_has_a_russian_summary(schema):
    english = {label: op.get("summary") for label, op in _operations(schema) if not _russian(op.get("summary", ""))}
    assert english == {}


def test_no_operation_keeps_an_english_description(schema):
    english = {
        label: op["description"][:80]
        for label, op in _operations(schema)
        if "description" in op and not _russian(op["description"])
    }
    assert english == {}


@pytest.mark.parametrize(
    ("method", "path", "summary"),
    [
        ("get", "/api/v1/schools/", "Список: общеобразовательные организации"),
        ("get", "/api/v1/schools/{code}/", "Одна запись: общеобразовательная организация"),
        ("post", "/api/v1/curator-visits/", "Создать: визит куратора"),
        ("patch", "/api/v1/partnerships/{id}/", "Изменить: партнёрство"),
        ("delete", "/api/v1/teachers/{id}/", "Удалить: педагог"),
        ("post", "/api/v1/uploads/", "Загрузить файл результатов"),
        ("get", "/api/v1/programs/{program_code}/effect/", "Эффект программы"),
    ],
)
def test_summaries_come_from_the_action_and_the_model(schema, method, path, summary):
    assert schema["paths"][path][method]["summary"] == summary


def test_operations_sit_under_their_topic(schema):
    tag = {label: op["tags"][0] for label, op in _operations(schema)}
    assert tag["GET /api/v1/programs/{program_code}/effect/"] == "Эффект программы"
    assert tag["GET /api/v1/programs/{program_code}/activities/"] == "Программы и план"
    assert tag["POST /api/v1/risk-lists/official/"] == "Списки ШНОР и риски"
    assert tag["GET /api/v1/staffing/"] == "Сопровождение"
    assert tag["POST /api/v1/jobs/{id}/retry/"] == "Задания"


def test_a_path_outside_the_table_has_no_topic():
    assert topic("/api/v1/no-such-things/") is None
    assert topic("/api/v1/programs/{program_code}/effect/") == "Эффект программы"  # the longer prefix wins


def test_exports_are_told_only_where_they_answer(schema):
    paths = schema["paths"]
    assert EXPORT_NOTE in paths["/api/v1/results/"]["get"]["description"]
    assert EXPORT_NOTE in paths["/api/v1/teachers/summary/"]["get"]["description"]
    assert EXPORT_NOTE not in paths["/api/v1/results/{id}/"]["get"]["description"]
    assert EXPORT_NOTE not in paths["/api/v1/curator-visits/"]["post"]["description"]


def test_every_parameter_is_explained_in_russian(schema):
    unexplained = {
        f"{label} {parameter['name']}"
        for label, op in _operations(schema)
        for parameter in op.get("parameters", ())
        if not CYRILLIC.search(parameter.get("description", ""))
    }
    assert unexplained == set()


def test_serializer_docstrings_for_developers_stay_off_the_page(schema):
    components = schema["components"]["schemas"]
    assert "description" not in components["Teacher"]  # «Fields naming a teacher leave the output…»
    assert _russian(components["Error"]["description"])  # a Russian one stays


ENGLISH_PROSE = re.compile(r"[A-Za-z']+ [A-Za-z']+ [A-Za-z']+ [A-Za-z']+")


def _texts(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("summary", "description", "title") and isinstance(value, str):
                yield f"{where}.{key}", value
            else:
                yield from _texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}[{i}]")


def test_no_english_prose_anywhere_in_the_schema(schema):
    """Value lists (`imported, dry_run, rejected`) may stay Latin; sentences may not."""
    english = {where: text for where, text in _texts(schema) if not _russian(text) and ENGLISH_PROSE.search(text)}
    assert english == {}


def test_library_texts_are_russian(schema):
    page = next(p for p in schema["paths"]["/api/v1/schools/"]["get"]["parameters"] if p["name"] == "page")
    assert _russian(page["description"])
    export = next(p for p in schema["paths"]["/api/v1/schools/"]["get"]["parameters"] if p["name"] == "format")
    assert _russian(export["description"])
    assert schema["paths"]["/api/v1/teachers/{id}/"]["delete"]["responses"]["204"]["description"] == "Без тела ответа"
    assert "Authorization: Token" in schema["components"]["securitySchemes"]["tokenAuth"]["description"]


def test_the_api_describes_sign_in_scope_pages_exports_and_errors(schema):
    info = schema["info"]
    assert _russian(info["title"]) and _russian(info["description"])
    for said in ("Authorization: Token", "зоны доступа", "?page_size=", "?format=csv", "?format=xlsx", "`detail`"):
        assert said in info["description"], said


def test_the_served_schema_and_docs_page_carry_it(client):
    served = client.get("/api/schema/", {"format": "json"})
    assert served.status_code == 200
    assert [tag["name"] for tag in served.json()["tags"]] == TOPICS
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "Опора: программный интерфейс (API)" in docs.content.decode()


def test_settings_take_the_topics_from_the_one_table():
    from django.conf import settings

    assert settings.SPECTACULAR_SETTINGS["TAGS"] is TAGS
