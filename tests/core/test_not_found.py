"""404 in Russian everywhere: the API answers JSON a client can parse, pages answer the portal's page."""

import pytest

pytestmark = pytest.mark.django_db

MESSAGE = "Не найдено: такой записи нет или она вне вашей зоны доступа."
NOT_FOUND = {"detail": MESSAGE, "code": "not_found", "errors": [{"field": None, "message": MESSAGE}]}  # contracts §3


def test_unknown_api_address_answers_json(client, users):
    client.force_login(users["head"])
    response = client.get("/api/v1/no-such-list/")
    assert (response.status_code, response["Content-Type"], response.json()) == (404, "application/json", NOT_FOUND)


@pytest.mark.parametrize("url", ["/api/v1/schools/no-such-school/", "/api/v1/jobs/987654/"])
def test_missing_api_record_answers_in_russian(client, users, url):
    client.force_login(users["head"])
    response = client.get(url)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_unknown_page_answers_the_portals_page(client, users):
    client.force_login(users["head"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Страница не найдена" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
