"""Every file link the API hands out (a report's `url`, an upload's `error_report_url`, an event material's `url`)
works with the API's own authentication: a token downloads it and the download is logged; another municipality's
file is 404; signed out is refused. The links are found in the API's answers, not listed by hand."""

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _links(value, key=""):
    """(field, path) for every link to one of the portal's own files found in an API answer."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _links(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _links(v, key)
    elif isinstance(value, str) and (key == "url" or key.endswith("_url")) and value.startswith("/"):
        yield key, value


def file_links(client, world_side) -> dict[str, str]:
    """One side's file links, read from the endpoints that hand them out."""
    answers = {
        "report": client.get(f"/api/v1/reports/{world_side.report.pk}/").json(),
        "upload": client.get(f"/api/v1/uploads/{world_side.upload.pk}/").json(),
        "event": client.get(f"/api/v1/events/{world_side.event.pk}/").json(),
    }
    return {
        f"{name}.{key}": url
        for name, answer in answers.items()
        for key, url in _links(answer)
        if not url.startswith("/api/v1/jobs/")
    }


EXPECTED = {"report.url", "upload.error_report_url", "event.url"}


def test_every_file_link_is_an_api_route(world, users, api_client):
    links = file_links(api_client(users["head"]), world["a"])
    assert set(links) == EXPECTED
    assert all(url.startswith("/api/v1/") for url in links.values()), links


@pytest.mark.parametrize("field", sorted(EXPECTED))
def test_file_link_downloads_with_a_token_and_is_logged(world, users, api_client, field):
    client = api_client(users["head"])
    url = file_links(client, world["a"])[field]
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert b"".join(response.streaming_content)
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).get()
    assert (event.user, event.path) == (users["head"], url)


@pytest.mark.parametrize("field", sorted(EXPECTED))
def test_other_municipality_file_link_is_404(world, users, api_client, field):
    their_url = file_links(api_client(world["b_users"]["head"]), world["b"])[field]
    assert api_client(users["head"]).get(their_url).status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


@pytest.mark.parametrize("field", sorted(EXPECTED))
def test_signed_out_file_link_is_refused(world, users, api_client, field):
    url = file_links(api_client(users["head"]), world["a"])[field]
    assert APIClient().get(url).status_code in (401, 403)
