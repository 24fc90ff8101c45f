"""The start page as a list of work: what a school's administrator, a curator and a methodologist owe now, each a
link to where it is done, gone once done; and links to the school's own plan and figures."""

import datetime

import pytest

from programs.models import SchoolDocument
from programs.services.documents import (
    document_create,
    document_remark_answer,
    document_transition,
    document_version_add,
)
from reports.home import home_context
from tests.factories import CuratorVisitFactory, ResultFactory, RiskProfileFactory
from tests.support.programs import item_make, program_make

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 3, 1)


def _texts(user, **kwargs):
    return [t.text for t in home_context(user=user, today=TODAY, **kwargs)["tasks"]]


@pytest.fixture
def document(users, two_municipalities):
    doc = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2024, title="Концепция"
    )
    document_version_add(document=doc, user=users["school_admin"], text="Текст")
    document_transition(document=doc, user=users["school_admin"], to_status="submitted")
    return doc


def _return(doc, users):
    document_transition(document=doc, user=users["curator"], to_status="under_review")
    document_transition(document=doc, user=users["curator"], to_status="returned", remarks=["Нет целей"])


def test_school_admin_sees_returned_document(users, document):
    _return(document, users)
    assert "Документ «Концепция» возвращён с замечаниями" in _texts(users["school_admin"])


def test_returned_document_task_says_remarks_answered(users, document):
    _return(document, users)
    remark = SchoolDocument.objects.get(pk=document.pk).remarks.get()
    document_remark_answer(remark=remark, user=users["school_admin"], answer="Добавили")
    task = home_context(user=users["school_admin"], today=TODAY)["tasks"][0]
    assert task.note == "ответы даны — загрузите новую версию и отправьте"


def test_school_admin_sees_uploads_due_when_others_uploaded(users, two_municipalities):
    ResultFactory(school=two_municipalities["a2"], year=2024)
    ResultFactory(school=two_municipalities["a1"], year=2023)
    assert "Загрузите результаты ВПР 2024 года" in _texts(users["school_admin"])


def test_no_upload_task_when_school_is_up_to_date(users, two_municipalities):
    ResultFactory(school=two_municipalities["a1"], year=2024)
    assert not [t for t in _texts(users["school_admin"]) if t.startswith("Загрузите")]


def test_school_admin_sees_own_overdue_item(users, two_municipalities):
    program = program_make(two_municipalities["a"], "prog-a")
    item_make(program, title="Семинар", end=datetime.date(2024, 2, 1), school=two_municipalities["a1"])
    item_make(program, title="Муниципальный", end=datetime.date(2024, 2, 1))
    overdue = [t for t in _texts(users["school_admin"]) if t.startswith("Просрочено")]
    assert overdue == ["Просрочено: 1.1 Семинар"]


def test_school_admin_gets_links_to_own_plan_and_figures(users, two_municipalities):
    program_make(two_municipalities["a"], "prog-a")
    links = dict(home_context(user=users["school_admin"], today=TODAY)["links"])
    assert links["План «Программа prog-a» для школы"] == "/programs/prog-a/plan/?school=A-1"
    assert links["Результаты школы"] == "/assessments/school/A-1/" and links["Досье школы"] == "/reports/school/A-1/"


def test_school_admin_asked_for_risk_profile(users):
    assert "Заполните рисковый профиль за 2024 год и передайте куратору" in _texts(users["school_admin"])


def test_submitted_risk_profile_is_no_task_of_the_school(users, two_municipalities):
    RiskProfileFactory(school=two_municipalities["a1"], year=2024, status="submitted")
    assert not [t for t in _texts(users["school_admin"]) if "рисковый профиль" in t]


def test_curator_sees_document_waiting_for_review(users, document):
    assert "МБОУ СОШ № 1 (А): «Концепция» ждёт проверки" in _texts(users["curator"])


def test_review_task_gone_once_returned(users, document):
    _return(document, users)
    assert not [t for t in _texts(users["curator"]) if "ждёт проверки" in t]


def test_curator_sees_risk_profile_to_verify(users, two_municipalities):
    RiskProfileFactory(school=two_municipalities["a1"], year=2024, status="submitted")
    assert "МБОУ СОШ № 1 (А): рисковый профиль за 2024 год ждёт верификации" in _texts(users["curator"])


def test_curator_sees_follow_up_due(users, two_municipalities):
    CuratorVisitFactory(
        curator=users["curator"],
        school=two_municipalities["a1"],
        date=datetime.date(2024, 1, 10),
        follow_up_due=datetime.date(2024, 2, 20),
    )
    task = home_context(user=users["curator"], today=TODAY)["tasks"][-1]
    assert (task.text, task.urgent) == ("МБОУ СОШ № 1 (А): проверьте исполнение рекомендаций визита 10.01.2024", True)


def test_curator_links_to_its_schools_dossiers(users):
    links = home_context(user=users["curator"], today=TODAY)["links"]
    assert ("Досье: МБОУ СОШ № 1 (А)", "/reports/school/A-1/") in links


def test_methodologist_sees_review_queue_and_municipal_overdue(users, two_municipalities, document):
    program = program_make(two_municipalities["a"], "prog-a")
    item_make(program, title="Муниципальный", end=datetime.date(2024, 2, 1))
    texts = _texts(users["methodologist"])
    assert "МБОУ СОШ № 1 (А): «Концепция» ждёт проверки" in texts and "Просрочено: 1.1 Муниципальный" in texts


def test_head_home_has_figures_not_tasks(users):
    assert home_context(user=users["head"], today=TODAY)["tasks"] is None


def test_home_page_lists_tasks_as_links(users, document, client):
    client.force_login(users["curator"])
    html = client.get("/").content.decode()
    assert f'<a href="/programs/documents/{document.pk}/">МБОУ СОШ № 1 (А): «Концепция» ждёт проверки</a>' in html


def test_home_page_says_when_nothing_is_owed(users, two_municipalities, client):
    RiskProfileFactory(school=two_municipalities["a1"], year=datetime.date.today().year, status="submitted")
    ResultFactory(school=two_municipalities["a1"], year=2024)
    client.force_login(users["school_admin"])
    assert "Сейчас задач нет: всё сделано." in client.get("/").content.decode()
