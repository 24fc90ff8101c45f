"""Pages: scope (404 outside it), capabilities (403), forms in Russian, the import flow, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import Notification, PlanItem, Program, RiskProfile, SchoolDocument
from programs.services.documents import document_create, document_transition, document_version_add
from programs.services.risk_profiles import risk_profile_get_or_create, risk_profile_questionnaire_save
from tests.support.programs import item_make, program_make, seed_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_method(client, users):
    client.force_login(users["methodologist"])
    return client


def _b_urls(program_b, item_b, document_b):
    return [
        "/programs/prog-b/",
        "/programs/prog-b/plan/",
        "/programs/prog-b/edit/",
        "/programs/prog-b/import/",
        f"/programs/prog-b/items/{item_b.pk}/",
        f"/programs/documents/{document_b.pk}/",
        f"/programs/documents/versions/{document_b.versions.get().pk}/download/",
        "/programs/risk/B-1/2023/",
    ]


def test_every_page_of_b_is_404_for_a(as_method, program_b, item_b, document_b):
    codes = {url: as_method.get(url).status_code for url in _b_urls(program_b, item_b, document_b)}
    assert set(codes.values()) == {404}, codes


def test_posts_to_b_are_404_for_a(client, users, program_b, item_b, document_b):
    client.force_login(users["admin"])  # not used: admin sees all; check a scoped reviewer instead
    client.force_login(users["methodologist"])
    posts = [
        (f"/programs/prog-b/items/{item_b.pk}/", {"action": "update", "status": "done"}),
        (f"/programs/documents/{document_b.pk}/status/", {"to_status": "under_review"}),
        (f"/programs/documents/{document_b.pk}/version/", {"text": "x"}),
    ]
    assert [client.post(url, data).status_code for url, data in posts] == [404, 404, 403]


def test_school_admin_gets_403_for_program_form(client, users):
    client.force_login(users["school_admin"])
    assert client.get("/programs/new/").status_code == 403


def test_school_admin_gets_403_for_plan_import(client, users, program_a):
    client.force_login(users["school_admin"])
    assert client.get("/programs/prog-a/import/").status_code == 403


def test_curator_gets_403_creating_documents(client, users):
    client.force_login(users["curator"])
    assert client.get("/programs/documents/new/").status_code == 403


def test_reader_cannot_post_item_update(client, users, program_a):
    item = item_make(program_a)
    client.force_login(users["regional"])
    assert client.post(f"/programs/prog-a/items/{item.pk}/", {"action": "update", "status": "done"}).status_code == 403


def test_program_list_shows_only_scope(as_method, program_a, program_b):
    html = as_method.get("/programs/").content.decode()
    assert "Программа prog-a" in html and "Программа prog-b" not in html


def test_empty_program_list_says_what_to_do(as_method):
    assert "Создайте программу" in as_method.get("/programs/").content.decode()


def test_program_form_validates_in_russian(as_method, two_municipalities):
    response = as_method.post(
        "/programs/new/",
        {
            "code": "x",
            "title": "T",
            "kind": "program",
            "municipality": two_municipalities["a"].pk,
            "period_start": "2024-01-01",
            "period_end": "2023-01-01",
        },
    )
    assert "Окончание периода не может быть раньше начала." in response.content.decode()


def test_program_form_rejects_unknown_track_of_participant(as_method, two_municipalities):
    response = as_method.post(
        "/programs/new/",
        {
            "code": "x",
            "title": "T",
            "kind": "program",
            "municipality": two_municipalities["a"].pk,
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "participants": "2023; 2; A-1",
        },
    )
    assert "Трек № 2 не описан" in response.content.decode()


def test_program_form_creates_program_with_participants(as_method, two_municipalities):
    response = as_method.post(
        "/programs/new/",
        {
            "code": "eff",
            "title": "Эффективная школа",
            "kind": "project",
            "municipality": two_municipalities["a"].pk,
            "period_start": "2023-01-01",
            "period_end": "2024-12-31",
            "tracks": "1. ШНОР",
            "participants": "2023; 1; A-1\n2024; ; A-2",
            "tasks": "Первая\nВторая",
        },
    )
    program = Program.objects.get(code="eff")
    assert response.status_code == 302 and program.participants.count() == 2 and program.tasks == ["Первая", "Вторая"]


def test_program_card_shows_overdue_in_red(as_method, program_a):
    item_make(program_a, end=datetime.date(2023, 1, 31), title="Семинар просрочен")
    html = as_method.get("/programs/prog-a/").content.decode()
    assert 'class="late"><td class="mono">1.1</td><td><a href="/programs/prog-a/items/' in html


def test_program_card_lists_due_soon(as_method, program_a):
    soon = datetime.date.today() + datetime.timedelta(days=10)
    item_make(program_a, end=soon, title="Скоро срок")
    assert "Скоро срок" in str(as_method.get("/programs/prog-a/").context["due_soon"][0][0].title)


def test_program_card_calendar_has_twelve_months(as_method, program_a):
    assert len(as_method.get("/programs/prog-a/?year=2023").context["calendar"]) == 12


def test_program_card_empty_plan_says_what_to_do(as_method, program_a):
    assert "План-график ещё не загружен" in as_method.get("/programs/prog-a/").content.decode()


def _plan_of(program, n):
    from programs.models import ProgramTrack

    track = ProgramTrack.objects.create(program=program, number=1, title="ШНОР")
    for i in range(n):
        item_make(
            program,
            end=datetime.date(2023, 1 + i % 12, 1),
            track=track,
            block=f"Блок {i % 6}",
            status=["planned", "done", "in_progress", "cancelled"][i % 4],
        )


@pytest.mark.parametrize(
    ("url", "baseline"),
    [("/programs/prog-a/", "programs.page.program"), ("/programs/prog-a/plan/", "programs.page.plan")],
)
def test_plan_pages_query_count_constant_with_66_items(as_method, program_a, query_budget, url, baseline):
    _plan_of(program_a, 66)
    with query_budget(baseline):
        assert as_method.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/programs/prog-a/", "/programs/prog-a/plan/"])
def test_plan_pages_queries_do_not_grow_with_items(as_method, program_a, two_municipalities, url):
    _plan_of(program_a, 6)
    with CaptureQueriesContext(connection) as small:
        as_method.get(url)
    PlanItem.objects.all().delete()
    program_a.tracks.all().delete()
    _plan_of(program_a, 66)
    with CaptureQueriesContext(connection) as big:
        as_method.get(url)
    assert len(big.captured_queries) == len(small.captured_queries)


def test_program_list_query_count_constant(as_method, two_municipalities, query_budget):
    for n in range(10):
        item_make(program_make(two_municipalities["a"], f"p{n}"))
    with query_budget("programs.page.list"):
        assert as_method.get("/programs/").status_code == 200


def test_plan_page_filters_overdue(as_method, program_a):
    item_make(program_a, end=datetime.date(2023, 1, 1), title="Старое")
    item_make(program_a, end=datetime.date(2999, 1, 1), title="Будущее")
    html = as_method.get("/programs/prog-a/plan/?status=overdue").content.decode()
    assert "Старое" in html and "Будущее" not in html


def test_upload_preview_then_confirm(as_method, program_a):
    upload = SimpleUploadedFile("004_plan_schedule.csv", seed_file("004_plan_schedule.csv").read_bytes())
    preview = as_method.post("/programs/prog-a/import/", {"file": upload})
    assert PlanItem.objects.count() == 0 and len(preview.context["preview"]) == 66
    confirm = as_method.post("/programs/prog-a/import/", {"token": preview.context["token"]})
    assert confirm.status_code == 302 and PlanItem.objects.count() == 66


def test_paste_imports_through_the_same_path(as_method, program_a):
    text = "№\tРаздел\tМероприятие\tСроки\n1.1\tОрганизация\tСеминар\tдо 20.04.2023\n"
    preview = as_method.post("/programs/prog-a/import/", {"text": text})
    as_method.post("/programs/prog-a/import/", {"token": preview.context["token"]})
    assert PlanItem.objects.get().deadline_end == datetime.date(2023, 4, 20)


def test_import_errors_shown_with_row_and_column(as_method, program_a):
    response = as_method.post("/programs/prog-a/import/", {"text": "Мероприятие\tСроки\n\tмарт 2023\n"})
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, "Мероприятие")]


def test_import_error_report_downloadable(as_method, program_a):
    response = as_method.post("/programs/prog-a/import/", {"text": "Мероприятие\tСроки\n\tмарт 2023\n"})
    report = as_method.post("/programs/prog-a/import/", {"token": response.context["token"], "report": "xlsx"})
    assert report["Content-Disposition"] == 'attachment; filename="plan-errors.xlsx"'


def test_tampered_token_refused(as_method, program_a):
    response = as_method.post("/programs/prog-a/import/", {"token": "forged"}, follow=True)
    assert "Предпросмотр устарел" in response.content.decode()


def test_import_form_needs_file_or_text(as_method, program_a):
    assert "Выберите файл или вставьте таблицу." in as_method.post("/programs/prog-a/import/", {}).content.decode()


def test_item_page_updates_status_and_fact(as_method, program_a):
    item = item_make(program_a)
    as_method.post(
        f"/programs/prog-a/items/{item.pk}/",
        {"action": "update", "status": "done", "fact_text": "Готово", "fact_value": "12,5", "comment": "Проверено"},
    )
    item.refresh_from_db()
    assert (item.status, str(item.fact_value), item.comments.get().text) == ("done", "12.50", "Проверено")


def test_item_page_adds_link_evidence(as_method, program_a):
    item = item_make(program_a)
    as_method.post(f"/programs/prog-a/items/{item.pk}/", {"action": "evidence", "url": "https://uo.example.ru/news/1"})
    assert item.evidence.get().url == "https://uo.example.ru/news/1"


def test_item_page_evidence_needs_file_or_link(as_method, program_a):
    item = item_make(program_a)
    response = as_method.post(f"/programs/prog-a/items/{item.pk}/", {"action": "evidence"})
    assert "Приложите файл или укажите ссылку." in response.content.decode()


def test_item_page_sets_unparsed_deadline(as_method, program_a):
    item = item_make(program_a, kind="unparsed", deadline_text="по плану школы")
    as_method.post(f"/programs/prog-a/items/{item.pk}/", {"action": "deadline", "end": "2023-06-01"})
    item.refresh_from_db()
    assert (item.deadline_kind, item.deadline_set_manually, item.deadline_text) == ("date", True, "по плану школы")


def test_item_history_kept(as_method, program_a):
    item = item_make(program_a)
    as_method.post(f"/programs/prog-a/items/{item.pk}/", {"action": "update", "status": "in_progress"})
    assert [h.status for h in item.history.all()] == ["in_progress", "planned"]


def test_documents_page_review_queue_for_curator(client, users, document_a):
    document_transition(document=document_a, user=users["school_admin"], to_status="submitted")
    client.force_login(users["curator"])
    assert list(client.get("/programs/documents/").context["queue"]) == [document_a]


def test_documents_page_hides_other_municipality(as_method, document_a, document_b):
    assert list(as_method.get("/programs/documents/").context["documents"]) == [document_a]


def test_document_flow_through_pages(client, users, two_municipalities):
    client.force_login(users["school_admin"])
    client.post(
        "/programs/documents/new/",
        {"school": two_municipalities["a1"].pk, "kind": "concept", "year": 2023, "title": "Концепция"},
    )
    doc = SchoolDocument.objects.get()
    client.post(f"/programs/documents/{doc.pk}/version/", {"file": SimpleUploadedFile("c.pdf", b"%PDF-1.4 demo")})
    client.post(f"/programs/documents/{doc.pk}/status/", {"to_status": "submitted"})
    client.force_login(users["curator"])
    client.post(f"/programs/documents/{doc.pk}/status/", {"to_status": "under_review"})
    client.post(f"/programs/documents/{doc.pk}/status/", {"to_status": "returned", "remarks": "Нет целей\nНет сроков"})
    doc.refresh_from_db()
    assert (doc.status, doc.remarks.count(), doc.versions.get().filename) == ("returned", 2, "c.pdf")


def test_forbidden_transition_page_is_403(client, users, document_a):
    client.force_login(users["curator"])
    assert client.post(f"/programs/documents/{document_a.pk}/status/", {"to_status": "submitted"}).status_code == 403


def test_version_download_logged(client, users, two_municipalities):
    from core.models import AuditEvent

    doc = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2023, title="К"
    )
    version = document_version_add(document=doc, user=users["school_admin"], content=b"data", filename="k.pdf")
    client.force_login(users["curator"])
    response = client.get(f"/programs/documents/versions/{version.pk}/download/")
    assert response.status_code == 200 and AuditEvent.objects.filter(kind="download").count() == 1


def test_anti_risk_form_refuses_unverified_factor(client, users, two_municipalities):
    from programs.models import RiskFactor

    client.force_login(users["school_admin"])
    response = client.post(
        "/programs/documents/new/",
        {
            "school": two_municipalities["a1"].pk,
            "kind": "anti_risk",
            "year": 2023,
            "title": "АРП",
            "risk_factor": RiskFactor.objects.get(code="R01").pk,
        },
    )
    assert response.status_code == 200 and SchoolDocument.objects.count() == 0


def test_school_starts_and_submits_questionnaire(client, users):
    from programs.models import RiskFactor

    client.force_login(users["school_admin"])
    client.post("/programs/risk/A-1/2023/", {"action": "start"})
    profile = RiskProfile.objects.get()
    data = {f"level_{e.factor_id}": "none" for e in profile.entries.all()}
    data.update({f"comment_{e.factor_id}": "" for e in profile.entries.all()})
    data[f"level_{RiskFactor.objects.get(code='R02').pk}"] = "high"
    client.post("/programs/risk/A-1/2023/", {**data, "action": "submit"})
    profile.refresh_from_db()
    assert profile.status == "submitted"


def test_curator_verifies_through_page(client, users, two_municipalities):
    from programs.models import RiskFactor

    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    r2 = RiskFactor.objects.get(code="R02")
    risk_profile_questionnaire_save(
        profile=profile, user=users["school_admin"], answers={r2.pk: ("high", "")}, submit=True
    )
    client.force_login(users["curator"])
    data = {f"level_{e.factor_id}": e.level for e in profile.entries.all()}
    data.update({f"comment_{e.factor_id}": "" for e in profile.entries.all()})
    data[f"verified_{r2.pk}"] = "on"
    client.post("/programs/risk/A-1/2023/", {**data, "action": "verify"})
    assert list(profile.entries.filter(verified=True).values_list("factor__code", flat=True)) == ["R02"]


def test_head_cannot_start_profile(client, users):
    client.force_login(users["head"])
    assert client.get("/programs/risk/A-1/2023/").status_code == 404


def test_school_admin_cannot_verify_through_page(client, users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    RiskProfile.objects.filter(pk=profile.pk).update(status="submitted")
    client.force_login(users["school_admin"])
    assert client.post("/programs/risk/A-1/2023/", {"action": "verify"}).status_code == 403


def test_risk_profiles_list_limited_to_scope(client, users, two_municipalities):
    risk_profile_get_or_create(school=two_municipalities["b1"], year=2023)
    client.force_login(users["curator"])
    rows = client.get("/programs/risk/?year=2023").context["rows"]
    assert [r["school"].code for r in rows] == ["A-1"]


def test_notifications_page_lists_own_and_marks_read(client, users):
    Notification.objects.create(user=users["methodologist"], kind="item_overdue", key="k1", text="Просрочено: 1.1")
    Notification.objects.create(user=users["head"], kind="item_overdue", key="k1", text="Чужое")
    client.force_login(users["methodologist"])
    html = client.get("/programs/notifications/").content.decode()
    client.post("/programs/notifications/", {})
    assert (
        "Просрочено: 1.1" in html
        and "Чужое" not in html
        and Notification.objects.filter(read_at__isnull=False).count() == 1
    )


def test_menu_has_notifications(client, users):
    client.force_login(users["school_admin"])
    assert "Уведомления" in [i["label"] for i in client.get("/programs/notifications/").context["menu"]]


def test_programme_list_of_a_year_counts_what_was_due_by_then(client, users, two_municipalities):
    program = program_make(
        two_municipalities["a"], "p1", start=datetime.date(2024, 1, 1), end=datetime.date(2026, 12, 31)
    )
    item_make(program, end=datetime.date(2024, 5, 1), status="done")
    item_make(program, end=datetime.date(2026, 5, 1))
    client.force_login(users["head"])
    completion = client.get("/programs/?year=2024").context["rows"][0]["completion"]
    assert (completion.done, completion.counted) == (1, 1)
