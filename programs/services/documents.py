"""School documents and their review: the workflow of DOCUMENT_TRANSITIONS, versions, remarks and answers."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError
from core.uploads import upload_store
from schools.access import effective_role_label, user_can
from schools.models import School

from ..models import (
    DocumentRemark,
    DocumentTransition,
    DocumentVersion,
    Program,
    RiskFactor,
    SchoolDocument,
)
from ..selectors import verified_factors
from .notifications import document_notifications_sync

DOCUMENT_TRANSITION_FORBIDDEN = "Переход «{before}» → «{after}» недоступен для роли «{role}»."
DOCUMENT_NO_VERSION = "Сначала загрузите файл или текст документа."
DOCUMENT_RETURN_NEEDS_REMARK = "Чтобы вернуть документ, напишите хотя бы одно замечание."
DOCUMENT_PUBLISH_NEEDS_URL = "Для публикации укажите адрес на сайте школы и дату публикации."
DOCUMENT_VERSION_LOCKED = "Новую версию можно загрузить только в черновик или в документ, возвращённый с замечаниями."
DOCUMENT_VERSION_EMPTY = "Приложите файл или введите текст документа."
DOCUMENT_ANTI_RISK_FACTOR = (
    "Антирисковая программа отвечает на фактор риска, верифицированный куратором в профиле школы за {year} год."
)
DOCUMENT_ANTI_RISK_DUPLICATE = "У школы уже есть антирисковая программа по фактору «{factor}» за {year} год."
DOCUMENT_FACTOR_NOT_ANTI_RISK = "Фактор риска указывается только для антирисковой программы."
REMARK_ANSWER_EMPTY = "Напишите ответ на замечание."

S = SchoolDocument.Status
# The whole review workflow: (from, to) → the capability that makes that move (its roles: schools.access). Nothing
# else is allowed.
DOCUMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "documents.edit",
    (S.RETURNED, S.SUBMITTED): "documents.edit",
    (S.SUBMITTED, S.UNDER_REVIEW): "documents.review",
    (S.UNDER_REVIEW, S.RETURNED): "documents.review",
    (S.UNDER_REVIEW, S.APPROVED): "documents.review",
    (S.APPROVED, S.PUBLISHED): "documents.edit",
}
TRANSITION_LABELS = {
    S.SUBMITTED: "Отправить на проверку",
    S.UNDER_REVIEW: "Взять на рассмотрение",
    S.RETURNED: "Вернуть с замечаниями",
    S.APPROVED: "Согласовать",
    S.PUBLISHED: "Отметить публикацию",
}


def document_transitions_for(*, document: SchoolDocument, user) -> list[str]:
    return [
        after
        for (before, after), capability in DOCUMENT_TRANSITIONS.items()
        if before == document.status and user_can(user, capability)
    ]


def document_create(
    *,
    user,
    school: School,
    kind: str,
    year: int,
    title: str,
    risk_factor: RiskFactor | None = None,
    program: Program | None = None,
) -> SchoolDocument:
    if kind != SchoolDocument.Kind.ANTI_RISK and risk_factor is not None:
        raise ApplicationError(DOCUMENT_FACTOR_NOT_ANTI_RISK)
    if kind == SchoolDocument.Kind.ANTI_RISK:
        if risk_factor is None or not verified_factors(school=school, year=year).filter(pk=risk_factor.pk).exists():
            raise ApplicationError(DOCUMENT_ANTI_RISK_FACTOR.format(year=year))
        if SchoolDocument.objects.filter(school=school, year=year, kind=kind, risk_factor=risk_factor).exists():
            raise ApplicationError(DOCUMENT_ANTI_RISK_DUPLICATE.format(factor=risk_factor.name, year=year))
    try:
        with transaction.atomic():
            return SchoolDocument.objects.create(
                school=school,
                kind=kind,
                year=year,
                title=title,
                risk_factor=risk_factor,
                program=program,
                created_by=user,
            )
    except IntegrityError as exc:  # a concurrent twin of the anti-risk check above
        raise ApplicationError(
            DOCUMENT_ANTI_RISK_DUPLICATE.format(factor=getattr(risk_factor, "name", ""), year=year)
        ) from exc


def document_version_add(
    *, document: SchoolDocument, user, content: bytes | None = None, filename: str = "", text: str = "", note: str = ""
) -> DocumentVersion:
    if document.status not in (S.DRAFT, S.RETURNED):
        raise ApplicationError(DOCUMENT_VERSION_LOCKED)
    if not user_can(user, "documents.edit"):
        raise ApplicationError(
            DOCUMENT_TRANSITION_FORBIDDEN.format(
                before=document.get_status_display(), after="новая версия", role=effective_role_label(user)
            )
        )
    if not content and not text.strip():
        raise ApplicationError(DOCUMENT_VERSION_EMPTY)
    with transaction.atomic():
        locked = SchoolDocument.objects.select_for_update().get(pk=document.pk)
        number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = DocumentVersion(
            document=locked, number=number, text=text.strip(), note=note, created_by=user, filename=filename[:255]
        )
        if content:
            version.file.name = upload_store(content=content, filename=filename, folder="programs/documents")
        version.save()
    return version


def document_transition(
    *,
    document: SchoolDocument,
    user,
    to_status: str,
    remarks: list[str] | None = None,
    published_url: str = "",
    published_on: datetime.date | None = None,
) -> SchoolDocument:
    """Move a document along the workflow, if the user has the capability DOCUMENT_TRANSITIONS names for the move."""
    with transaction.atomic():
        document = SchoolDocument.objects.select_for_update().get(pk=document.pk)
        before = document.status
        capability = DOCUMENT_TRANSITIONS.get((before, to_status))
        if capability is None or not user_can(user, capability):
            raise ApplicationError(
                DOCUMENT_TRANSITION_FORBIDDEN.format(
                    before=S(before).label,
                    after=S(to_status).label if to_status in S.values else to_status,
                    role=effective_role_label(user),
                )
            )
        latest = document.versions.order_by("-number").first()
        remarks = [r.strip() for r in remarks or [] if r and r.strip()]
        if to_status == S.SUBMITTED and latest is None:
            raise ApplicationError(DOCUMENT_NO_VERSION)
        if to_status == S.RETURNED and not remarks:
            raise ApplicationError(DOCUMENT_RETURN_NEEDS_REMARK)
        if to_status == S.PUBLISHED:
            if not published_url or published_on is None:
                raise ApplicationError(DOCUMENT_PUBLISH_NEEDS_URL)
            document.published_url = published_url
            document.published_on = published_on
        for text in remarks:
            DocumentRemark.objects.create(document=document, version=latest, author=user, text=text)
        document.status = to_status
        document.save()
        DocumentTransition.objects.create(document=document, from_status=before, to_status=to_status, user=user)
    document_notifications_sync(document=document)
    return document


def document_remark_answer(*, remark: DocumentRemark, user, answer: str) -> DocumentRemark:
    if not answer.strip():
        raise ApplicationError(REMARK_ANSWER_EMPTY)
    if not user_can(user, "documents.edit"):
        raise ApplicationError(
            DOCUMENT_TRANSITION_FORBIDDEN.format(
                before=remark.document.get_status_display(), after="ответ на замечание", role=effective_role_label(user)
            )
        )
    remark.answer = answer.strip()
    remark.answered_by = user
    remark.answered_at = timezone.now()
    remark.save()
    document_notifications_sync(document=remark.document)
    return remark
