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


def test_server_error_is_the_portals_russian_page(client, users, settings):
    settings.ROOT_URLCONF = "tests.core.crash_urls"
    client.raise_request_exception = False
    client.force_login(users["head"])
    page = client.get("/crash/")
    text = page.content.decode()
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
    assert "Что-то пошло не так" in text and 'class="brand"' in text  # the portal's layout
    assert "Traceback" not in text and "RuntimeError" not in text and "сбой для проверки" not in text


def test_server_error_under_api_is_the_error_body(client, users, settings):
    settings.ROOT_URLCONF = "tests.core.crash_urls"
    client.raise_request_exception = False
    client.force_login(users["head"])
    response = client.get("/api/v1/crash/")
    body = response.json()
    assert (response.status_code, body["code"]) == (500, "server_error")
    assert body["detail"].startswith("На сервере произошла ошибка") and body["errors"] == [
        {"field": None, "message": body["detail"]}
    ]
