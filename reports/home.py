"""The start page: for the people who owe work — a school's administrator, a curator, a methodologist — a list of
what to do now, each task a link to the page where it is done; for everyone the figures of their scope.

Tasks are read live from the records (not from the notifications, which are a letter about them), so a task done
disappears at once:
- school administrator: documents returned with remarks to answer, results to upload (the municipality's other
  schools have a year of ВПР this school lacks), the risk profile to fill, its own plan's items overdue;
- curator: documents of its schools waiting for review, risk profiles to verify, visits whose follow-up is due;
- methodologist: documents waiting for review, risk profiles to verify, the municipal plans' items overdue.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from assessments.models import Procedure, Result
from schools.access import Role, effective_role
from schools.models import Municipality, School, SchoolStatus
from schools.selectors import listed_statuses

TASK_LIMIT = 10  # per kind: the home page points to the list, it is not the list


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    note: str = ""
    urgent: bool = False


def home_context(*, user, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    schools = School.objects.visible_to(user)
    municipalities = Municipality.objects.visible_to(user)
    latest = SchoolStatus.objects.filter(school__in=schools, kind=SchoolStatus.Kind.SHNOR).order_by("-year").first()
    year = latest.year if latest else None
    shnor = (
        schools.filter(pk__in=listed_statuses(kind=SchoolStatus.Kind.SHNOR, year=year).values("school_id")).count()
        if year
        else 0
    )
    role = effective_role(user)
    builders: dict[str, Any] = {
        Role.SCHOOL_ADMIN: _school_admin,
        Role.CURATOR: _curator,
        Role.METHODOLOGIST: _methodologist,
    }
    tasks, links = builders[role](user, today) if role in builders else (None, [])
    return {
        "school_count": schools.count(),
        "municipality_count": municipalities.count(),
        "shnor_year": year,
        "shnor_count": shnor,
        "tasks": tasks,
        "links": links,
    }


def _returned_documents(user) -> list[Task]:
    from programs.models import SchoolDocument
    from programs.selectors import document_list

    returned = (
        document_list(user=user)
        .filter(status=SchoolDocument.Status.RETURNED)
        .prefetch_related("remarks")
        .order_by("updated_at")[:TASK_LIMIT]
    )
    tasks = []
    for doc in returned:
        open_remarks = sum(1 for r in doc.remarks.all() if r.answered_at is None)
        note = (
            f"замечаний без ответа: {open_remarks}"
            if open_remarks
            else "ответы даны — загрузите новую версию и отправьте"
        )
        tasks.append(
            Task(
                f"Документ «{doc.title}» возвращён с замечаниями",
                reverse("programs:document", args=[doc.pk]),
                note,
                True,
            )
        )
    return tasks


def _review_queue(user) -> list[Task]:
    from programs.selectors import document_review_queue

    return [
        Task(
            f"{doc.school.display_name}: «{doc.title}» ждёт проверки",
            reverse("programs:document", args=[doc.pk]),
            f"{doc.get_status_display().lower()} с {doc.updated_at:%d.%m.%Y}",
        )
        for doc in document_review_queue(user=user)[:TASK_LIMIT]
    ]


def _profiles_to_verify(user) -> list[Task]:
    from programs.models import RiskProfile
    from programs.selectors import risk_profile_list

    submitted = risk_profile_list(user=user).filter(status=RiskProfile.Status.SUBMITTED).order_by("year")
    return [
        Task(
            f"{p.school.display_name}: рисковый профиль за {p.year} год ждёт верификации",
            reverse("programs:risk_profile", args=[p.school.code, p.year]),
        )
        for p in submitted[:TASK_LIMIT]
    ]


def _overdue_items(user, today: datetime.date, *, school: School | None) -> list[Task]:
    from programs.selectors import overdue_q, plan_item_get_list

    items = plan_item_get_list(user=user).filter(overdue_q(today))
    items = items.filter(school=school) if school else items.filter(school__isnull=True)
    return [
        Task(
            f"Просрочено: {item.number} {item.title}".replace("  ", " "),
            reverse("programs:item", args=[item.program.code, item.pk]),
            f"{item.program.title} · срок: {item.deadline_end:%d.%m.%Y}" if item.deadline_end else item.program.title,
            True,
        )
        for item in items.order_by("deadline_end", "position")[:TASK_LIMIT]
    ]


def _uploads_due(school: School) -> list[Task]:
    """A year of ВПР the municipality's other schools have uploaded and this school has not (or none at all)."""
    vpr = Result.objects.filter(procedure=Procedure.VPR)
    theirs = vpr.filter(school__municipality_id=school.municipality_id).aggregate(y=Max("year"))["y"]
    ours = vpr.filter(school=school).aggregate(y=Max("year"))["y"]
    url = reverse("assessments:upload_new")
    if theirs and (ours is None or ours < theirs):
        return [Task(f"Загрузите результаты ВПР {theirs} года", url, "школы муниципалитета их уже загрузили", True)]
    if theirs is None and ours is None:
        return [Task("Загрузите результаты ВПР", url, "в портале ещё нет результатов школы")]
    return []


def _risk_profile_due(school: School, today: datetime.date) -> list[Task]:
    from programs.models import RiskProfile

    profile = RiskProfile.objects.filter(school=school, year=today.year).first()
    if profile is not None and profile.status != RiskProfile.Status.DRAFT:
        return []
    return [
        Task(
            f"Заполните рисковый профиль за {today.year} год и передайте куратору",
            reverse("programs:risk_profile", args=[school.code, today.year]),
            "черновик" if profile else "ещё не начат",
        )
    ]


def _school_admin(user, today: datetime.date) -> tuple[list[Task], list[tuple[str, str]]]:
    from programs.selectors import program_list

    school = user.school
    if school is None:
        return [], []
    tasks = [
        *_returned_documents(user),
        *_uploads_due(school),
        *_overdue_items(user, today, school=school),
        *_risk_profile_due(school, today),
    ]
    links = [
        (f"План «{p.title}» для школы", f"{reverse('programs:plan', args=[p.code])}?school={school.code}")
        for p in program_list(user=user).order_by("-period_end")[:3]
    ]
    links += [
        ("Результаты школы", reverse("assessments:school", args=[school.code])),
        ("Досье школы", reverse("reports:school", args=[school.code])),
        ("Документы школы", reverse("programs:documents")),
    ]
    return tasks, links


def _curator(user, today: datetime.date) -> tuple[list[Task], list[tuple[str, str]]]:
    from mentoring.models import CuratorVisit
    from mentoring.selectors.curators import curator_schools

    follow_ups = (
        CuratorVisit.objects.visible_to(user)
        .filter(curator=user, follow_up_done=False, follow_up_due__lte=today)
        .select_related("school")
        .order_by("follow_up_due")[:TASK_LIMIT]
    )
    tasks = [
        *_review_queue(user),
        *_profiles_to_verify(user),
        *[
            Task(
                f"{v.school.display_name}: проверьте исполнение рекомендаций визита {v.date:%d.%m.%Y}",
                reverse("mentoring:visit_edit", args=[v.pk]),
                f"срок {v.follow_up_due:%d.%m.%Y}",
                v.follow_up_due is not None and v.follow_up_due < today,
            )
            for v in follow_ups
        ],
    ]
    links = [(f"Досье: {s.display_name}", reverse("reports:school", args=[s.code])) for s in curator_schools(user=user)]
    links += [("Документы школ", reverse("programs:documents")), ("Визиты", reverse("mentoring:visits"))]
    return tasks, links


def _methodologist(user, today: datetime.date) -> tuple[list[Task], list[tuple[str, str]]]:
    from programs.selectors import program_list

    tasks = [*_review_queue(user), *_profiles_to_verify(user), *_overdue_items(user, today, school=None)]
    links = [
        (f"План «{p.title}»", reverse("programs:plan", args=[p.code]))
        for p in program_list(user=user).order_by("-period_end")[:3]
    ]
    links += [("Документы школ", reverse("programs:documents")), ("Дашборд", reverse("reports:dashboard"))]
    return tasks, links
