"""Notifications: what everyone owes today (idempotent, a key is notified once), by mail too, and reading them.

Made at the event as well as daily: a document's review moves call `document_notifications_sync`, which notifies
what that document now asks of people and clears (marks read) what it no longer asks (removes it) — «ждёт проверки» once the
document is taken up, «возвращён с замечаниями» once answered or sent again. The daily `notifications_compute`
does the same for everything, so an item done or a profile verified drops out of the lists by the next morning.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CuratorAssignment
from schools.models import Role, User

from ..models import Notification, PlanItem, RiskProfile, SchoolDocument
from ..selectors import overdue_q

S = SchoolDocument.Status


@dataclass(frozen=True)
class _Due:
    user_id: int
    kind: str
    key: str
    text: str
    url: str


# The kinds computed here; a notification of one of them whose key is no longer due is stale and gets cleared.
COMPUTED_KINDS = (
    Notification.Kind.DOCUMENT_REVIEW,
    Notification.Kind.DOCUMENT_RETURNED,
    Notification.Kind.ITEM_OVERDUE,
    Notification.Kind.RISK_PROFILE,
)
DOCUMENT_KINDS = (Notification.Kind.DOCUMENT_REVIEW, Notification.Kind.DOCUMENT_RETURNED)


@dataclass
class _Recipients:
    staff: dict[int, list[tuple[int, str]]]
    school_admins: dict[int, list[int]]
    curators: dict[int, list[int]]

    def methodologists(self, municipality_id) -> list[int]:
        return [pk for pk, role in self.staff.get(municipality_id, []) if role == Role.METHODOLOGIST]


def _recipients(today: datetime.date, *, schools=None) -> _Recipients:
    """Who is addressed: the municipalities' methodologists and heads, schools' administrators and curators."""
    users = User.objects.filter(is_active=True)
    assignments = CuratorAssignment.objects.active(today).filter(curator__is_active=True)
    admins = users.filter(role=Role.SCHOOL_ADMIN)
    if schools is not None:
        admins = admins.filter(school__in=schools)
        assignments = assignments.filter(school__in=schools)
    staff: dict[int, list[tuple[int, str]]] = {}
    for u in User.objects.filter(is_active=True, role__in=[Role.METHODOLOGIST, Role.HEAD]).values(
        "pk", "municipality_id", "role"
    ):
        staff.setdefault(u["municipality_id"], []).append((u["pk"], u["role"]))
    school_admins: dict[int, list[int]] = {}
    for admin in admins.values("pk", "school_id"):
        school_admins.setdefault(admin["school_id"], []).append(admin["pk"])
    curators: dict[int, list[int]] = {}
    for a in assignments.values("curator_id", "school_id"):
        curators.setdefault(a["school_id"], []).append(a["curator_id"])
    return _Recipients(staff, school_admins, curators)


def _documents_due(documents, people: _Recipients) -> list[_Due]:
    due: list[_Due] = []
    # Documents waiting for a reviewer: the school's curators and the municipality's methodologists.
    waiting = documents.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW]).select_related("school")
    # Keyed by the last sending: taking a document up is no news to its reviewers, a new version is.
    for doc in waiting.annotate(last=Max("transitions__pk", filter=Q(transitions__to_status=S.SUBMITTED))):
        url = reverse("programs:document", args=[doc.pk])
        for uid in {*people.curators.get(doc.school_id, []), *people.methodologists(doc.school.municipality_id)}:
            due.append(
                _Due(
                    uid,
                    Notification.Kind.DOCUMENT_REVIEW,
                    f"document-review:{doc.pk}:{doc.last}",
                    f"{doc.school}: «{doc.title}» ждёт проверки.",
                    url,
                )
            )
    # Remarks to answer: the school's administrators.
    returned = documents.filter(status=S.RETURNED, remarks__answered_at__isnull=True).select_related("school")
    for doc in returned.annotate(last=Max("remarks__pk")).distinct():
        url = reverse("programs:document", args=[doc.pk])
        for uid in people.school_admins.get(doc.school_id, []):
            due.append(
                _Due(
                    uid,
                    Notification.Kind.DOCUMENT_RETURNED,
                    f"document-returned:{doc.pk}:{doc.last}",
                    f"«{doc.title}» возвращён с замечаниями: ответьте на них и отправьте новую версию.",
                    url,
                )
            )
    return due


def notifications_compute(*, today: datetime.date | None = None) -> int:
    """What everyone owes today, as notifications: idempotent (a key is notified once), and what is no longer owed
    is cleared. Returns how many are new."""
    today = today or timezone.localdate()
    people = _recipients(today)
    staff, school_admins, curators = people.staff, people.school_admins, people.curators
    methodologists = people.methodologists
    due = _documents_due(SchoolDocument.objects.all(), people)
    # Overdue items: the programme's methodologists and head; a school's own items, its administrators.
    overdue = PlanItem.objects.filter(overdue_q(today)).select_related("program")
    for item in overdue:
        url = reverse("programs:item", args=[item.program.code, item.pk])
        recipients = (
            school_admins.get(item.school_id, [])
            if item.school_id
            else [pk for pk, _ in staff.get(item.program.municipality_id, [])]
        )
        for uid in recipients:
            due.append(
                _Due(
                    uid,
                    Notification.Kind.ITEM_OVERDUE,
                    f"item-overdue:{item.pk}:{item.deadline_end}",
                    f"Просрочено: {item.number} {item.title[:200]} (срок: {item.deadline_text}).".replace("  ", " "),
                    url,
                )
            )
    # Risk profiles waiting for verification: the school's curators and the municipality's methodologists.
    for profile in RiskProfile.objects.filter(status=RiskProfile.Status.SUBMITTED).select_related("school"):
        url = reverse("programs:risk_profile", args=[profile.school.code, profile.year])
        for uid in {*curators.get(profile.school_id, []), *methodologists(profile.school.municipality_id)}:
            due.append(
                _Due(
                    uid,
                    Notification.Kind.RISK_PROFILE,
                    f"risk-profile:{profile.pk}:{profile.submitted_at and profile.submitted_at.isoformat()}",
                    f"{profile.school}: рисковый профиль за {profile.year} год ждёт верификации.",
                    url,
                )
            )
    _notifications_clear(Notification.objects.filter(kind__in=COMPUTED_KINDS), due)
    return _notifications_store(due)


def document_notifications_sync(*, document: SchoolDocument, today: datetime.date | None = None) -> int:
    """At a review move or an answer: notify at once what this document now asks of people (e-mail included) and
    clear what it no longer asks. Returns how many are new."""
    people = _recipients(today or timezone.localdate(), schools=[document.school_id])
    due = _documents_due(SchoolDocument.objects.filter(pk=document.pk), people)
    keys = Q()
    for kind in ("document-review", "document-returned"):
        keys |= Q(key__startswith=f"{kind}:{document.pk}:")
    _notifications_clear(Notification.objects.filter(keys, kind__in=DOCUMENT_KINDS), due)
    return _notifications_store(due)


def _notifications_clear(candidates, due: list[_Due]) -> int:
    """Notifications among `candidates` that nothing asks for any more are removed: done is done, and should the
    same thing be owed again it is notified again."""
    wanted = {(d.user_id, d.key) for d in due}
    stale = [pk for pk, user_id, key in candidates.values_list("pk", "user_id", "key") if (user_id, key) not in wanted]
    return Notification.objects.filter(pk__in=stale).delete()[0]


def _notifications_store(due: list[_Due]) -> int:
    if not due:
        return 0
    existing = set(
        Notification.objects.filter(user_id__in={d.user_id for d in due}, key__in={d.key for d in due}).values_list(
            "user_id", "key"
        )
    )
    new = {}
    for d in due:
        if (d.user_id, d.key) not in existing:
            new[(d.user_id, d.key)] = Notification(
                user_id=d.user_id, kind=d.kind, key=d.key, text=d.text[:1000], url=d.url
            )
    Notification.objects.bulk_create(new.values(), ignore_conflicts=True)
    _notifications_email(list(new.values()))
    return len(new)


def _notifications_email(notifications: list[Notification]) -> None:
    """One letter per person with everything new, when the person has an address."""
    if not notifications:
        return
    emails = dict(
        User.objects.filter(pk__in={n.user_id for n in notifications}).exclude(email="").values_list("pk", "email")
    )
    by_user: dict[int, list[Notification]] = {}
    for n in notifications:
        if n.user_id in emails:
            by_user.setdefault(n.user_id, []).append(n)
    base = getattr(settings, "PORTAL_URL", "").rstrip("/")
    for user_id, items in by_user.items():
        body = "\n".join(f"• {n.text}" + (f"\n  {base}{n.url}" if n.url else "") for n in items)
        send_mail(
            subject=f"Опора: новых уведомлений — {len(items)}",
            message=f"Здравствуйте!\n\nЧто ждёт вашего участия:\n\n{body}\n\nОпора",
            from_email=None,
            recipient_list=[emails[user_id]],
            fail_silently=True,
        )
        Notification.objects.filter(user_id=user_id, key__in=[n.key for n in items]).update(emailed_at=timezone.now())


def notification_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of the user's notifications read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
