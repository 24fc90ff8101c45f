"""The school documents' review workflow: one table of allowed transitions by role, tested both ways."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from programs.models import DocumentRemark, SchoolDocument
from programs.services import ServiceError
from programs.services.documents import (
    DOCUMENT_NO_VERSION,
    DOCUMENT_TRANSITIONS,
    document_create,
    document_remark_answer,
    document_transition,
    document_transitions_for,
    document_version_add,
)
from schools.access import CAPABILITIES
from schools.models import Role

pytestmark = pytest.mark.django_db
S = SchoolDocument.Status
ROLES = ["admin", "head", "methodologist", "curator", "school_admin", "regional", "api_client"]
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): {"admin", "school_admin"},
    (S.RETURNED, S.SUBMITTED): {"admin", "school_admin"},
    (S.SUBMITTED, S.UNDER_REVIEW): {"admin", "methodologist", "curator"},
    (S.UNDER_REVIEW, S.RETURNED): {"admin", "methodologist", "curator"},
    (S.UNDER_REVIEW, S.APPROVED): {"admin", "methodologist", "curator"},
    (S.APPROVED, S.PUBLISHED): {"admin", "school_admin"},
}
EXTRA = {
    S.RETURNED: {"remarks": ["Нет показателей"]},
    S.PUBLISHED: {"published_url": "https://school.example.ru/c.pdf", "published_on": datetime.date(2023, 5, 4)},
}


def _at(doc, status):
    published = {"published_url": "https://school.example.ru/c.pdf", "published_on": datetime.date(2023, 5, 4)}
    SchoolDocument.objects.filter(pk=doc.pk).update(status=status, **(published if status == S.PUBLISHED else {}))
    doc.refresh_from_db()
    return doc


def test_table_is_the_one_in_services():
    assert {k: {str(r) for r in CAPABILITIES[v]} for k, v in DOCUMENT_TRANSITIONS.items()} == ALLOWED


@pytest.mark.parametrize("move", list(ALLOWED), ids=lambda m: f"{m[0]}-{m[1]}")
@pytest.mark.parametrize("role", ROLES)
def test_transition_by_role(document_a, users, role, move):
    doc = _at(document_a, move[0])
    user = users[role]
    if role in ALLOWED[move]:
        document_transition(document=doc, user=user, to_status=move[1], **EXTRA.get(move[1], {}))
        doc.refresh_from_db()
        assert doc.status == move[1]
    else:
        with pytest.raises(ServiceError):
            document_transition(document=doc, user=user, to_status=move[1], **EXTRA.get(move[1], {}))


@pytest.mark.parametrize(
    "before,after",
    [
        (S.DRAFT, S.APPROVED),
        (S.DRAFT, S.PUBLISHED),
        (S.SUBMITTED, S.APPROVED),
        (S.RETURNED, S.APPROVED),
        (S.PUBLISHED, S.DRAFT),
        (S.APPROVED, S.RETURNED),
    ],
)
def test_moves_outside_the_table_refused_even_for_admin(document_a, users, before, after):
    doc = _at(document_a, before)
    with pytest.raises(ServiceError):
        document_transition(document=doc, user=users["admin"], to_status=after, **EXTRA.get(after, {}))


def test_return_needs_a_remark(document_a, users):
    doc = _at(document_a, S.UNDER_REVIEW)
    with pytest.raises(ServiceError, match="хотя бы одно замечание"):
        document_transition(document=doc, user=users["curator"], to_status=S.RETURNED, remarks=["  "])


def test_submit_needs_a_version(users, two_municipalities):
    doc = document_create(
        user=users["school_admin"], school=two_municipalities["a1"], kind="concept", year=2023, title="Пустой"
    )
    with pytest.raises(ServiceError, match=DOCUMENT_NO_VERSION):
        document_transition(document=doc, user=users["school_admin"], to_status=S.SUBMITTED)


def test_publish_needs_url_and_date(document_a, users):
    doc = _at(document_a, S.APPROVED)
    with pytest.raises(ServiceError, match="адрес"):
        document_transition(document=doc, user=users["school_admin"], to_status=S.PUBLISHED)


def test_remarks_kept_against_the_version(document_a, users):
    doc = _at(document_a, S.UNDER_REVIEW)
    document_transition(
        document=doc, user=users["curator"], to_status=S.RETURNED, remarks=["Нет показателей", "Нет сроков"]
    )
    assert list(DocumentRemark.objects.values_list("text", "version__number")) == [
        ("Нет показателей", 1),
        ("Нет сроков", 1),
    ]


def test_every_transition_logged(document_a, users):
    document_transition(document=document_a, user=users["school_admin"], to_status=S.SUBMITTED)
    document_transition(document=document_a, user=users["curator"], to_status=S.UNDER_REVIEW)
    assert list(document_a.transitions.values_list("from_status", "to_status", "user__username")) == [
        ("draft", "submitted", "school_a"),
        ("submitted", "under_review", "curator_a"),
    ]


def test_versions_numbered_and_kept(document_a, users):
    doc = _at(document_a, S.RETURNED)
    document_version_add(document=doc, user=users["school_admin"], text="Исправлено")
    assert list(doc.versions.values_list("number", "text")) == [(2, "Исправлено"), (1, "Текст концепции")]


def test_no_new_version_while_under_review(document_a, users):
    doc = _at(document_a, S.UNDER_REVIEW)
    with pytest.raises(ServiceError, match="только в черновик"):
        document_version_add(document=doc, user=users["school_admin"], text="ещё")


def test_reviewer_cannot_upload_versions(document_a, users):
    with pytest.raises(ServiceError):
        document_version_add(document=document_a, user=users["curator"], text="от куратора")


def test_school_answers_remark(document_a, users):
    doc = _at(document_a, S.UNDER_REVIEW)
    document_transition(document=doc, user=users["curator"], to_status=S.RETURNED, remarks=["Нет сроков"])
    remark = DocumentRemark.objects.get()
    document_remark_answer(remark=remark, user=users["school_admin"], answer="Сроки добавлены")
    remark.refresh_from_db()
    assert (remark.answer, remark.answered_by.username) == ("Сроки добавлены", "school_a")


def test_anti_risk_needs_a_verified_factor(users, two_municipalities):
    from programs.models import RiskFactor

    with pytest.raises(ServiceError, match="верифицированный"):
        document_create(
            user=users["school_admin"],
            school=two_municipalities["a1"],
            kind="anti_risk",
            year=2023,
            title="АРП",
            risk_factor=RiskFactor.objects.get(code="R01"),
        )


def test_anti_risk_answers_verified_factor(users, two_municipalities, verified_factor):
    doc = document_create(
        user=users["school_admin"],
        school=two_municipalities["a1"],
        kind="anti_risk",
        year=2023,
        title="АРП",
        risk_factor=verified_factor,
    )
    assert doc.risk_factor == verified_factor


def test_second_anti_risk_for_same_factor_refused(users, two_municipalities, verified_factor):
    args = dict(
        user=users["school_admin"],
        school=two_municipalities["a1"],
        kind="anti_risk",
        year=2023,
        title="АРП",
        risk_factor=verified_factor,
    )
    document_create(**args)
    with pytest.raises(ServiceError, match="уже есть антирисковая"):
        document_create(**args)


def test_database_refuses_second_anti_risk_per_factor_and_year(two_municipalities, verified_factor):
    fields = dict(school=two_municipalities["a1"], year=2023, kind="anti_risk", risk_factor=verified_factor, title="x")
    SchoolDocument.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolDocument.objects.create(**fields)


def test_database_refuses_anti_risk_without_factor(two_municipalities):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolDocument.objects.create(school=two_municipalities["a1"], year=2023, kind="anti_risk", title="x")


def test_factor_only_for_anti_risk(users, two_municipalities, verified_factor):
    with pytest.raises(ServiceError, match="только для антирисковой"):
        document_create(
            user=users["school_admin"],
            school=two_municipalities["a1"],
            kind="concept",
            year=2023,
            title="К",
            risk_factor=verified_factor,
        )


def test_allowed_actions_for_user(document_a, users):
    assert document_transitions_for(document=document_a, user=users["school_admin"]) == [S.SUBMITTED]


def test_reviewer_sees_no_action_on_a_draft(document_a, users):
    assert document_transitions_for(document=document_a, user=users["curator"]) == []


def test_role_values_cover_all_roles():
    assert set(ROLES) == set(Role.values)
