import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .world import world_build

# The users of municipality A the sweeps speak for; admin and regional legitimately see B.
A_ROLES = ("head", "methodologist", "school_admin", "curator", "api_client")


@pytest.fixture
def world(users, two_municipalities, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return world_build(users, two_municipalities)


@pytest.fixture
def page_client():
    """A browser's client. A server error is answered as a 500 (and logged), not raised, so a sweep lists them all."""

    def make(user=None, **kwargs):
        client = Client(raise_request_exception=False, **kwargs)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client():
    """Signed in the way an integration signs in: a token, so no session and no CSRF."""

    def make(user=None):
        client = APIClient(raise_request_exception=False)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
