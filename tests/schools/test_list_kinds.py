"""List kinds as reference data (contract 1.3, issue #16): edited in the admin, accepted by the schools' `status`
filter (API and page), and every kind a school is on shown by year with its level."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from schools.kinds import list_kind_choices, list_kinds_forget
from schools.models import ListKind, SchoolStatus
from tests.factories import ListKindFactory, SchoolContextFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kinds_cache():
    list_kinds_forget()
    yield
    list_kinds_forget()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("kind", ["post_project", "low_ior", "regional_project", "watch", "500plus"])
def test_the_api_status_filter_takes_every_default_kind(two_municipalities, users, kind):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2022, kind=kind)
    SchoolStatusFactory(school=two_municipalities["a2"], year=2022, kind="shnor")
    body = api(users["head"]).get(f"/api/v1/schools/?status={kind}&year=2022").json()
    assert [s["code"] for s in body["results"]] == ["A-1"]


def test_the_api_status_filter_takes_a_kind_an_admin_added(two_municipalities, users):
    ListKindFactory(code="cluster", name="Кластер")
    SchoolStatusFactory(school=two_municipalities["a1"], year=2022, kind="cluster")
    body = api(users["head"]).get("/api/v1/schools/?status=cluster").json()
    assert [(s["code"], s["statuses"][0]["status"]) for s in body["results"]] == [("A-1", "cluster")]


def test_the_api_status_filter_refuses_an_unknown_kind(users):
    response = api(users["head"]).get("/api/v1/schools/?status=nonsense")
    assert response.status_code == 400


def test_the_api_status_filter_never_shows_another_municipalitys_school(two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["b1"], year=2022, kind="post_project")
    assert api(users["head"]).get("/api/v1/schools/?status=post_project").json()["count"] == 0


def test_the_schools_page_filters_by_a_new_kind_and_shows_each_status_with_its_level(client, two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2021, kind="shnor", level="strong")
    SchoolStatusFactory(school=two_municipalities["a1"], year=2022, kind="post_project")
    client.force_login(users["head"])
    response = client.get("/schools/?status=post_project")
    body = response.content.decode()
    assert [s.code for s in response.context["page"].object_list] == ["A-1"]
    assert "постпроектное сопровождение 2022" in body and "ШНОР 2021 · сильно неуспевающие" in body
    assert '<option value="regional_project">региональный проект</option>' in body


def test_the_school_page_shows_every_kind_by_year_with_level(client, two_municipalities, users, query_budget):
    a1 = two_municipalities["a1"]
    for year, kind, level in [
        (2021, "shnor", "moderate"),
        (2022, "shnor", "strong"),
        (2022, "post_project", ""),
        (2021, "low_ior", ""),
        (2023, "regional_project", ""),
        (2023, "watch", ""),
    ]:
        SchoolStatusFactory(school=a1, year=year, kind=kind, level=level)
    for year in (2021, 2022, 2023):
        SchoolContextFactory(school=a1, year=year)
    client.force_login(users["head"])
    with query_budget("schools.page.detail"):
        response = client.get("/schools/A-1/")
    histories = response.context["histories"]
    assert [(h["code"], h["years"]) for h in histories] == [
        ("shnor", [2021, 2022]),
        ("watch", [2023]),
        ("low_ior", [2021]),
        ("post_project", [2022]),
        ("regional_project", [2023]),
    ]
    body = response.content.decode()
    assert "Умеренно неуспевающие" in body and "Сильно неуспевающие" in body and "региональный проект" in body


def test_the_official_row_wins_over_the_computed_one_in_a_year(client, two_municipalities, users):
    a1 = two_municipalities["a1"]
    SchoolStatusFactory(school=a1, year=2022, kind="shnor", source="computed")
    SchoolStatusFactory(school=a1, year=2022, kind="shnor", source="official", level="basic")
    client.force_login(users["head"])
    rows = client.get("/schools/A-1/").context["histories"][0]["rows"]
    assert [(r.source, r.level) for r in rows] == [("official", "basic")]


def test_a_renamed_kind_shows_its_new_name(two_municipalities):
    status = SchoolStatusFactory(school=two_municipalities["a1"], kind="low_ior")
    kind = ListKind.objects.get(code="low_ior")
    kind.name = "Низкий индекс образовательных результатов"
    kind.save()
    assert status.get_kind_display() == "Низкий индекс образовательных результатов"


def test_a_switched_off_kind_is_no_choice_but_its_statuses_keep_their_name(two_municipalities):
    status = SchoolStatusFactory(school=two_municipalities["a1"], kind="500plus")
    kind = ListKind.objects.get(code="500plus")
    kind.is_active = False
    kind.save()
    assert ("500plus" not in dict(list_kind_choices()), status.get_kind_display()) == (True, "500+")


def test_a_status_of_an_unknown_kind_does_not_validate(two_municipalities):
    status = SchoolStatus(school=two_municipalities["a1"], year=2022, kind="nonsense", source="official")
    with pytest.raises(ValidationError, match="Неизвестный вид списка"):
        status.full_clean()


def test_an_admin_edits_the_kinds_in_the_admin(client, users):
    client.force_login(users["admin"])
    assert "постпроектное сопровождение" in client.get("/admin/schools/listkind/").content.decode()
    response = client.post(
        "/admin/schools/listkind/add/",
        {"code": "cluster", "name": "Кластер", "order": 90, "description": "", "is_active": "on"},
    )
    assert response.status_code == 302
    assert ("cluster", "Кластер") in list_kind_choices()


def test_a_kind_in_use_cannot_be_deleted_in_the_admin(client, two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["a1"], kind="low_ior")
    client.force_login(users["admin"])
    kind = ListKind.objects.get(code="low_ior")
    assert client.get(f"/admin/schools/listkind/{kind.pk}/delete/").status_code == 403


def test_kinds_are_not_edited_by_municipal_users(client, users):
    client.force_login(users["head"])
    response = client.get("/admin/schools/listkind/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admins_menu_leads_to_the_kinds_and_a_heads_does_not(client, users):
    client.force_login(users["admin"])
    assert 'href="/admin/schools/listkind/"' in client.get("/schools/").content.decode()
    client.force_login(users["head"])
    assert "/admin/schools/listkind/" not in client.get("/schools/").content.decode()
