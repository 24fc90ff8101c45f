"""Pages: overview, lists, forms; 403 without capability; query counts; empty states."""

import datetime

import pytest

from mentoring.models import CuratorVisit, EventAttendance, MethodEvent, Teacher
from tests.factories import EventFactory, SchoolFactory, attend

pytestmark = pytest.mark.django_db

LISTS = [
    "/mentoring/",
    "/mentoring/curators/",
    "/mentoring/visits/",
    "/mentoring/partnerships/",
    "/mentoring/events/",
    "/mentoring/teachers/",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["head", "methodologist", "curator", "school_admin", "regional"])
def test_pages_open_for_every_reading_role(world, users, client, url, role):
    client.force_login(users[role])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url,role",
    [
        ("/mentoring/curators/new/", "curator"),
        ("/mentoring/visits/new/", "head"),
        ("/mentoring/partnerships/new/", "school_admin"),
        ("/mentoring/events/new/", "curator"),
        ("/mentoring/teachers/new/", "head"),
        ("/mentoring/courses/new/", "regional"),
        ("/mentoring/diagnostics/new/", "head"),
        ("/mentoring/plans/new/", "head"),
        ("/mentoring/pairs/new/", "regional"),
    ],
)
def test_form_without_capability_is_403(world, users, client, url, role):
    client.force_login(users[role])
    assert client.get(url).status_code == 403


def test_material_post_without_capability_is_403(world, users, client):
    client.force_login(users["head"])
    response = client.post(f"/mentoring/events/{world['a']['event'].pk}/", {"title": "x", "url": "https://e.org"})
    assert response.status_code == 403


LIST_BASELINES = dict(zip(LISTS, ["overview", "curators", "visits", "partnerships", "events", "teachers"], strict=True))


@pytest.mark.parametrize("url", LISTS)
def test_list_page_query_count_is_constant(world, users, client, two_municipalities, query_budget, url):
    a = two_municipalities["a"]
    for i in range(30):
        school = SchoolFactory(municipality=a)
        from tests.factories import TeacherFactory, curator_assign, material, partnership, visit

        curator_assign(users["curator"], school)
        visit(users["curator"], school)
        partnership(school, world["a3"])
        TeacherFactory(school=school)
        event = EventFactory(host_school=school, date=datetime.date(2023, 1 + i % 12, 2))
        attend(event, school)
        material(event, event.date)
    client.force_login(users["methodologist"])
    with query_budget(f"mentoring.page.{LIST_BASELINES[url]}"):
        assert client.get(url).status_code == 200


def test_overview_shows_coverage_against_target(world, users, client):
    from tests.factories import SchoolStatusFactory

    event = world["a"]["event"]
    event.target_share_shnor = 90
    event.save()
    SchoolStatusFactory(school=event.host_school, year=2023)
    client.force_login(users["methodologist"])
    html = client.get("/mentoring/?year=2023").content.decode()
    assert "100,0\u00a0%" in html and "цель 90" in html


def test_curator_overview_lists_my_schools(world, users, client):
    client.force_login(users["curator"])
    html = client.get("/mentoring/").content.decode()
    assert "Мои школы" in html and "МБОУ СОШ № 1 (А)" in html


def test_empty_visits_page_says_what_to_do(users, client):
    client.force_login(users["curator"])
    assert "Запишите первый визит" in client.get("/mentoring/visits/").content.decode()


def test_curator_records_visit_through_page(world, users, client, two_municipalities):
    client.force_login(users["curator"])
    response = client.post(
        "/mentoring/visits/new/",
        {
            "school": two_municipalities["a1"].pk,
            "date": "2024-04-02",
            "lessons_observed": 3,
            "findings": "Выводы",
            "recommendations": "Рекомендации",
        },
    )
    assert (
        response.status_code == 302
        and CuratorVisit.objects.filter(date="2024-04-02", curator=users["curator"]).exists()
    )


def test_curator_cannot_pick_school_outside_scope_on_page(world, users, client):
    client.force_login(users["curator"])
    response = client.post(
        "/mentoring/visits/new/", {"school": world["a3"].pk, "date": "2024-04-02", "lessons_observed": 1}
    )
    assert response.status_code == 200 and not CuratorVisit.objects.filter(date="2024-04-02").exists()


def test_event_form_saves_attendance_per_school(world, users, client, two_municipalities):
    client.force_login(users["methodologist"])
    schools = list(client.get("/mentoring/events/new/").context["formset"].initial)
    data = {
        "title": "РМО",
        "kind": "rmo",
        "date": "2024-05-15",
        "municipality": two_municipalities["a"].pk,
        "att-TOTAL_FORMS": len(schools),
        "att-INITIAL_FORMS": len(schools),
    }
    for i, row in enumerate(schools):
        data[f"att-{i}-school"] = row["school"]
        data[f"att-{i}-participants"] = 4 if row["school"] == "A-1" else ""
    response = client.post("/mentoring/events/new/", data)
    event = MethodEvent.objects.get(title="РМО")
    assert response.status_code == 302 and list(
        EventAttendance.objects.filter(event=event).values_list("school__code", "participants")
    ) == [("A-1", 4)]


def test_school_admin_adds_teacher_through_page(world, users, client, two_municipalities):
    client.force_login(users["school_admin"])
    response = client.post(
        "/mentoring/teachers/new/",
        {
            "school": two_municipalities["a1"].pk,
            "full_name": "Орлова Н. В.",
            "subject": "Физика",
            "category": "first",
            "experience_band": "3_10",
            "is_active": "on",
        },
    )
    assert response.status_code == 302 and Teacher.objects.filter(full_name="Орлова Н. В.").exists()


def test_material_upload_on_event_page(world, users, client):
    client.force_login(users["methodologist"])
    event = world["a"]["event"]
    response = client.post(
        f"/mentoring/events/{event.pk}/",
        {
            "form": "material",
            "title": "Презентация",
            "url": "https://example.org/p",
            "uploaded_at": "2023-03-25",
        },
    )
    assert response.status_code == 302 and event.materials.get().is_late is True


def test_menu_entries_by_role(users, client):
    client.force_login(users["head"])
    labels = [i["label"] for i in client.get("/mentoring/").context["menu"]]
    assert "Адресная помощь" in labels and "Педагоги" not in labels


def test_material_file_is_stored_under_a_random_name_and_downloaded_within_scope(
    world, users, client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import AuditEvent

    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["methodologist"])
    event = world["a"]["event"]
    response = client.post(
        f"/mentoring/events/{event.pk}/",
        {
            "form": "material",
            "title": "Презентация",
            "uploaded_at": "2023-03-25",
            "file": SimpleUploadedFile(
                "../../etc/итоги семинара.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    material = event.materials.get()
    assert material.file.name.startswith("event_materials/") and "итоги" not in material.file.name
    assert material.file.name.endswith(".pdf")
    page = client.get(f"/mentoring/events/{event.pk}/").content.decode()
    assert f"/mentoring/events/materials/{material.pk}/" in page and "/media/" not in page
    download = client.get(f"/mentoring/events/materials/{material.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert (
        "filename*=utf-8" in download["Content-Disposition"]
        and AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, data__what="event_material").exists()
    )
    client.force_login(users["head_b"])
    assert client.get(f"/mentoring/events/materials/{material.pk}/").status_code == 404


def test_material_file_over_the_limit_is_refused(world, users, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(users["methodologist"])
    event = world["a"]["event"]
    response = client.post(
        f"/mentoring/events/{event.pk}/",
        {
            "form": "material",
            "title": "Большой",
            "uploaded_at": "2023-03-25",
            "file": SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and "больше допустимого размера" in response.content.decode()
    assert not event.materials.exists()
