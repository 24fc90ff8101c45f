"""The client's address behind a proxy (lockout and event log) and the request id a client may send."""

import pytest
from django.test import RequestFactory

from core.audit import client_ip
from core.models import AuditEvent


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no trusted proxy: the header is the client's word only
        (1, "203.0.113.7", "203.0.113.7"),  # nginx appended the real client
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a spoofed first entry is ignored
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, "", "10.0.0.2"),  # the header missing: the peer
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_end(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_lockout_behind_a_proxy_locks_the_attacker_not_the_user(settings, client, users):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "head_a", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "head_a", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert locked.status_code == 429
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKOUT, ip="198.51.100.66").exists()
    other = client.post(
        "/accounts/login/",
        {"username": "head_a", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert other.status_code != 429  # the real user, from their own address, is not locked out


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["x" * 65, "id with spaces", "<script>"])
def test_unusable_request_id_is_replaced_not_stored(client, users, given):
    response = client.post("/accounts/login/", {"username": "head_a", "password": "wrong"}, HTTP_X_REQUEST_ID=given)
    assert response.status_code == 200 and response["X-Request-ID"] != given and len(response["X-Request-ID"]) == 32
    assert (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED).latest("pk").request_id == response["X-Request-ID"]
    )


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept(client, users):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="req-123.abc_9")
    assert response["X-Request-ID"] == "req-123.abc_9"
