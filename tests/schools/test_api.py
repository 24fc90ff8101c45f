import pytest
from rest_framework.test import APIClient

from core.exports import read_back
from tests.factories import SchoolFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["head"])
    return client


def test_school_fields_follow_contract(api, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2022, level="strong")
    body = api.get("/api/v1/schools/A-2/").json()
    assert body == {
        "code": "A-2",
        "name": two_municipalities["a2"].name,
        "short_name": "Филиал СОШ № 1 (А)",
        "type": "филиал",
        "municipality": "A01",
        "settlement": "",
        "parent": "A-1",
        "aliases": [],
        "statuses": [],
        "context": [],
        "distance": None,  # no results of the ШНОР rule's procedures (issue 18)
        "context_group": None,  # no context to group by
    }


def test_school_statuses_listed_with_source_and_level(api, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2022, level="strong")
    statuses = api.get("/api/v1/schools/A-1/").json()["statuses"]
    assert statuses == [{"year": 2022, "status": "shnor", "source": "official", "level": "strong"}]


def test_school_filter_by_status_and_year(api, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2021)
    codes = [s["code"] for s in api.get("/api/v1/schools/?status=shnor&year=2021").json()["results"]]
    assert codes == ["A-1"]


def test_school_search_matches_aliases(api, two_municipalities):
    school = two_municipalities["a1"]
    school.aliases = ["Переяславка № 1"]
    school.save()
    codes = [s["code"] for s in api.get("/api/v1/schools/?q=Переяславка").json()["results"]]
    assert codes == ["A-1"]


def test_pagination_honours_page_size(api, two_municipalities):
    body = api.get("/api/v1/schools/?page_size=1").json()
    assert (body["count"], len(body["results"]), body["next"] is not None) == (2, 1, True)


def test_page_size_is_capped_at_1000(api, two_municipalities):
    from core.pagination import Pagination

    assert Pagination.max_page_size == 1000


def test_municipalities_list(api):
    assert api.get("/api/v1/municipalities/").json()["results"] == [
        {"code": "A01", "name": "Район А", "region": api.get("/api/v1/municipalities/A01/").json()["region"]}
    ]


def test_school_list_endpoint_query_count_is_constant(api, two_municipalities, query_budget):
    for _ in range(30):
        school = SchoolFactory(municipality=two_municipalities["a"])
        SchoolStatusFactory(school=school)
    with query_budget("schools.api.list"):
        assert api.get("/api/v1/schools/?page_size=100").status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_russian_headers_and_all_rows(api, two_municipalities, fmt):
    response = api.get(f"/api/v1/schools/?format={fmt}&page_size=1")
    rows = read_back(response.content, fmt)
    # The registry's own columns (contract 1.1), so the file goes back through the registry import.
    assert rows[0][:6] == [
        "Регион",
        "Код муниципалитета",
        "Муниципалитет",
        "Код ОО",
        "Наименование ОО",
        "Краткое наименование",
    ]
    assert len(rows) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_escapes_formulas(api, two_municipalities, fmt):
    school = two_municipalities["a1"]
    school.short_name = '=HYPERLINK("http://evil")'
    school.save()
    rows = read_back(api.get(f"/api/v1/schools/?format={fmt}&q=evil").content, fmt)
    assert rows[1][rows[0].index("Краткое наименование")] == '\'=HYPERLINK("http://evil")'


def test_export_is_logged(api, users):
    from core.models import AuditEvent

    api.get("/api/v1/schools/?format=xlsx")
    assert AuditEvent.objects.filter(kind="export", user=users["head"]).exists()


def test_openapi_schema_served(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/schools/" in response.content


def test_api_docs_use_local_assets(client, users):
    client.force_login(users["head"])
    html = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in html and "cdn" not in html.lower()
