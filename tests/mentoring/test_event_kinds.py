"""Event kinds are reference data (EventKind): the defaults are contracts §3's codes and seed 004's «методический
десант» and «фестиваль»; the API keeps `kind` as the code and refuses an unknown one in Russian, naming the known
ones; the event form offers the active kinds; the administrator edits them."""

import pytest

from mentoring.models import EventKind, MethodEvent
from tests.factories import EventFactory, EventKindFactory

pytestmark = pytest.mark.django_db


def _body(kind: str) -> dict:
    return {"title": "Методический десант в ОО", "kind": kind, "date": "2024-03-14", "municipality": "A01"}


@pytest.mark.parametrize("kind", ["methodical_landing", "festival", "seminar"])
def test_the_api_takes_the_kinds_by_code(world, users, api_as, kind):
    response = api_as(users["methodologist"]).post("/api/v1/events/", _body(kind), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == kind and data["kind_label"] == EventKind.objects.get(code=kind).name


def test_an_unknown_kind_is_refused_naming_the_known_ones(world, users, api_as):
    response = api_as(users["methodologist"]).post("/api/v1/events/", _body("hackathon"), format="json")
    assert response.status_code == 400
    message = response.json()["kind"][0]
    assert message.startswith("Неизвестный вид мероприятия «hackathon». Известные виды: seminar (Семинар)")
    assert "methodical_landing (Методический десант)" in message and "festival (Фестиваль)" in message
    assert not MethodEvent.objects.filter(title="Методический десант в ОО").exists()


def test_a_kind_added_by_the_administrator_is_accepted_and_named(world, users, api_as):
    EventKindFactory(code="quest", name="Методический квест")
    response = api_as(users["methodologist"]).post("/api/v1/events/", _body("quest"), format="json")
    assert response.status_code == 201 and response.json()["kind_label"] == "Методический квест"
    listed = api_as(users["head"]).get("/api/v1/events/?kind=quest").json()["results"]
    assert [r["kind_label"] for r in listed] == ["Методический квест"]


def test_the_form_offers_the_active_kinds_only(world, users, client):
    EventKind.objects.filter(code="meeting").update(is_active=False)
    client.force_login(users["methodologist"])
    html = client.get("/mentoring/events/new/").content.decode()
    assert 'value="methodical_landing"' in html and "Методический десант" in html and 'value="festival"' in html
    assert 'value="meeting"' not in html


def test_a_retired_kind_stays_on_its_events(world, users, client):
    event = EventFactory(host_school=world["a"]["teacher"].school, kind="meeting")
    EventKind.objects.filter(code="meeting").update(is_active=False)
    client.force_login(users["methodologist"])
    assert 'value="meeting"' in client.get(f"/mentoring/events/{event.pk}/edit/").content.decode()
    assert "Совещание" in client.get(f"/mentoring/events/{event.pk}/").content.decode()


def test_the_event_form_saves_a_new_kind(world, users, client):
    client.force_login(users["methodologist"])
    municipality = world["a"]["teacher"].school.municipality
    body = {"title": "Фестиваль педагогических идей", "kind": "festival", "date": "2024-04-10"}
    body |= {"municipality": municipality.pk, "att-TOTAL_FORMS": 0, "att-INITIAL_FORMS": 0}
    response = client.post("/mentoring/events/new/", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = MethodEvent.objects.get(title="Фестиваль педагогических идей")
    assert event.kind == "festival" and event.kind_label == "Фестиваль"


def test_the_kinds_name_shows_in_the_list(world, users, client):
    EventFactory(host_school=world["a"]["teacher"].school, kind="methodical_landing", title="Десант")
    client.force_login(users["head"])
    assert "Методический десант" in client.get("/mentoring/events/?year=2023").content.decode()


def test_the_administrator_edits_the_kinds(users, client):
    client.force_login(users["admin"])
    assert client.get("/admin/mentoring/eventkind/").status_code == 200
    kind = EventKind.objects.get(code="festival")
    page = client.get(f"/admin/mentoring/eventkind/{kind.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/mentoring/eventkind/{kind.pk}/change/",
        {"name": "Фестиваль методических идей", "order": 5, "is_active": "on"},
    )
    assert response.status_code == 302
    kind.refresh_from_db()
    assert (kind.code, kind.name, kind.order) == ("festival", "Фестиваль методических идей", 5)


def test_a_kind_in_use_cannot_be_deleted_in_the_admin(world, users, client):
    EventFactory(host_school=world["a"]["teacher"].school, kind="festival")
    client.force_login(users["admin"])
    kind = EventKind.objects.get(code="festival")
    assert client.get(f"/admin/mentoring/eventkind/{kind.pk}/delete/").status_code == 403
