"""Every write of programmes, plans, school documents, risk profiles and notifications.

Errors a user sees are the Russian constants below; tests reuse them.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, header_map
from core.tables import Table, header_key
from schools.models import Municipality, Role, School, SchoolStatus

from .deadlines import Deadline, deadline_parse
from .models import (
    DocumentRemark,
    DocumentTransition,
    DocumentVersion,
    Notification,
    PlanItem,
    PlanItemComment,
    PlanItemEvidence,
    Program,
    ProgramParticipant,
    ProgramTrack,
    RiskFactor,
    RiskProfile,
    RiskProfileEntry,
    SchoolDocument,
)

# --- Errors --------------------------------------------------------------------------------------------------------

PROGRAM_CODE_TAKEN = "Программа с кодом «{code}» уже есть."
PROGRAM_PERIOD_ORDER = "Окончание периода не может быть раньше начала."
PROGRAM_MUNICIPALITY_SCOPE = "Нельзя создать программу для муниципалитета вне вашей зоны доступа."
PROGRAM_SCHOOL_UNKNOWN = "ОО с кодом «{code}» нет в муниципалитете программы."
PROGRAM_TRACK_UNKNOWN = "В программе нет трека № {number}."
PROGRAM_YEAR_OUTSIDE = "Год {year} вне периода программы."

PLAN_TOO_LONG = "Слишком длинное значение (более {limit} символов)."
PLAN_BAD_NUMBER = "Целевое значение должно быть числом, а не «{value}»."
PLAN_BAD_STATUS = "Неизвестный статус «{value}». Допустимо: запланировано, выполняется, выполнено, отменено."
PLAN_DUPLICATE_NUMBER = "Пункт № {number} уже встречается в строке {row}."
PLAN_EMPTY = "В таблице нет ни одного мероприятия."
PLAN_PASTE_EMPTY = "Вставьте таблицу вместе со строкой заголовка (№, Раздел, Мероприятие, Сроки, …)."
PLAN_SCHOOL_OUTSIDE = "ОО «{code}» не относится к муниципалитету программы."
DEADLINE_UNPARSED = "срок не распознан"

ITEM_FACT_NEGATIVE = "Фактическое значение не может быть отрицательным."
EVIDENCE_EMPTY = "Приложите файл или укажите ссылку."
DEADLINE_END_REQUIRED = "Укажите дату окончания срока."
DEADLINE_ORDER = "Начало срока не может быть позже окончания."

DOCUMENT_TRANSITION_FORBIDDEN = "Переход «{before}» → «{after}» недоступен для роли «{role}»."
DOCUMENT_NO_VERSION = "Сначала загрузите файл или текст документа."
DOCUMENT_RETURN_NEEDS_REMARK = "Чтобы вернуть документ, напишите хотя бы одно замечание."
DOCUMENT_PUBLISH_NEEDS_URL = "Для публикации укажите адрес на сайте школы и дату публикации."
DOCUMENT_VERSION_LOCKED = "Новую версию можно загрузить только в черновик или в документ, возвращённый с замечаниями."
DOCUMENT_VERSION_EMPTY = "Приложите файл или введите текст документа."
DOCUMENT_ANTI_RISK_FACTOR = "Антирисковая программа отвечает на фактор риска, верифицированный куратором в профиле школы за {year} год."
DOCUMENT_ANTI_RISK_DUPLICATE = "У школы уже есть антирисковая программа по фактору «{factor}» за {year} год."
DOCUMENT_FACTOR_NOT_ANTI_RISK = "Фактор риска указывается только для антирисковой программы."
REMARK_ANSWER_EMPTY = "Напишите ответ на замечание."

RISK_PROFILE_LOCKED = "Профиль уже передан куратору; изменить анкету можно после возврата."
RISK_PROFILE_NOT_SUBMITTED = "Верифицировать можно профиль, который школа передала куратору."
RISK_PROFILE_EMPTY = "Укажите уровень хотя бы по одному фактору."
RISK_VERIFY_NEEDS_LEVEL = "Фактор «{factor}» нельзя подтвердить с уровнем «нет»."


# A refusal with a Russian message; forms and the API show it as is (the one application error, by its old name).
ServiceError = ApplicationError


def _role(user) -> str:
    return Role.ADMIN if getattr(user, "is_superuser", False) else getattr(user, "role", "")


# --- Programmes ----------------------------------------------------------------------------------------------------


@dataclass
class TrackData:
    number: int
    title: str


@dataclass
class ParticipantData:
    school: str  # code
    year: int
    track: int | None = None


def program_save(
    *,
    user,
    program: Program | None = None,
    code: str,
    title: str,
    municipality: Municipality,
    period_start: datetime.date,
    period_end: datetime.date,
    kind: str = Program.Kind.PROGRAM,
    order_number: str = "",
    order_date: datetime.date | None = None,
    developer: str = "",
    executors: str = "",
    coordinator: str = "",
    goal: str = "",
    tasks: list[str] | None = None,
    expected_results: list[str] | None = None,
    risks: list[dict] | None = None,
    block_titles: dict[str, str] | None = None,
    tracks: list[TrackData] | None = None,
    participants: list[ParticipantData] | None = None,
) -> Program:
    """Create (program=None) or update a programme with its passport, tracks and participants (None: keep)."""
    if not Municipality.objects.visible_to(user).filter(pk=municipality.pk).exists():
        raise ServiceError(PROGRAM_MUNICIPALITY_SCOPE)
    if period_end < period_start:
        raise ServiceError(PROGRAM_PERIOD_ORDER)
    if Program.objects.filter(code=code).exclude(pk=getattr(program, "pk", None)).exists():
        raise ServiceError(PROGRAM_CODE_TAKEN.format(code=code))
    values = dict(
        code=code, title=title, municipality=municipality, period_start=period_start, period_end=period_end,
        kind=kind, order_number=order_number, order_date=order_date, developer=developer, executors=executors,
        coordinator=coordinator, goal=goal,
    )
    for name, value in (("tasks", tasks), ("expected_results", expected_results), ("risks", risks),
                        ("block_titles", block_titles)):
        if value is not None:
            values[name] = value
    with transaction.atomic():
        if program is None:
            program = Program(created_by=user if getattr(user, "pk", None) else None)
        for name, value in values.items():
            setattr(program, name, value)
        program.save()
        if tracks is not None:
            _tracks_set(program, tracks)
        if participants is not None:
            _participants_set(program, participants)
    return program


def _tracks_set(program: Program, tracks: list[TrackData]) -> None:
    keep = []
    for t in tracks:
        track, _ = ProgramTrack.objects.update_or_create(program=program, number=t.number, defaults={"title": t.title})
        keep.append(track.pk)
    program.tracks.exclude(pk__in=keep).delete()


def _participants_set(program: Program, participants: list[ParticipantData]) -> None:
    schools = {s.code: s for s in School.objects.filter(
        municipality=program.municipality, code__in={p.school for p in participants}
    )}
    tracks = {t.number: t for t in program.tracks.all()}
    years = set(program.years)
    wanted = {}
    for p in participants:
        if p.school not in schools:
            raise ServiceError(PROGRAM_SCHOOL_UNKNOWN.format(code=p.school))
        if p.year not in years:
            raise ServiceError(PROGRAM_YEAR_OUTSIDE.format(year=p.year))
        if p.track is not None and p.track not in tracks:
            raise ServiceError(PROGRAM_TRACK_UNKNOWN.format(number=p.track))
        wanted[(schools[p.school].pk, p.year)] = tracks.get(p.track)
    existing = {(x.school_id, x.year): x for x in program.participants.all()}
    for key, participant in existing.items():
        if key not in wanted:
            participant.delete()
    for (school_id, year), track in wanted.items():
        current = existing.get((school_id, year))
        if current is None:
            ProgramParticipant.objects.create(program=program, school_id=school_id, year=year, track=track)
        elif current.track_id != getattr(track, "pk", None):
            current.track = track
            current.save()


# --- Plan import ---------------------------------------------------------------------------------------------------

# Contract 1.4, plus the seeds' English headers as synonyms so both seed tables go through this one path.
PLAN_COLUMNS = (
    Column("number", "№", synonyms=("id", "№ п/п", "номер", "пункт")),
    Column("block", "Раздел", synonyms=("track", "блок", "направление")),
    Column("section", "Подраздел"),
    Column("title", "Мероприятие", required=True,
           synonyms=("task_ru", "activity_ru", "мероприятия", "основные мероприятия", "наименование мероприятия")),
    Column("deadline", "Сроки", required=True,
           synonyms=("deadline_ru", "срок", "сроки исполнения", "сроки проведения", "срок исполнения")),
    Column("responsible", "Ответственные", synonyms=("responsible_ru", "ответственный", "ответственные исполнители")),
    Column("expected_result", "Ожидаемый результат",
           synonyms=("expected_result_ru", "planned_result_ru", "планируемый результат", "результат")),
    Column("target_value", "Целевое значение", synonyms=("целевой показатель",)),
    Column("status", "Статус"),
)
_TITLES = {c.key: c.title for c in PLAN_COLUMNS}
_LIMITS = {"number": 30, "block": 500, "section": 500, "deadline": 500}
STATUS_WORDS = {
    header_key(word): status
    for status, words in {
        PlanItem.Status.PLANNED: ("запланировано", "планируется", "planned"),
        PlanItem.Status.IN_PROGRESS: ("выполняется", "в работе", "in_progress"),
        PlanItem.Status.DONE: ("выполнено", "done"),
        PlanItem.Status.CANCELLED: ("отменено", "cancelled"),
    }.items()
    for word in words
}
_TRACK_IN_BLOCK = re.compile(r"трек\s*(\d+)", re.IGNORECASE)
_TRACK_TITLE = re.compile(r"^\s*\d+\.\s*трек\s*\d+\.?\s*", re.IGNORECASE)


@dataclass
class PlanRow:
    """One row of a plan table, validated and with its deadline read."""

    row: int
    number: str
    block: str
    section: str
    title: str
    deadline_text: str
    responsible: str
    expected_result: str
    target_value: Decimal | None
    status: str | None
    track_number: int | None
    track_title: str
    deadline: Deadline | None = None

    @property
    def status_label(self) -> str:
        return PlanItem.Status(self.status).label if self.status else ""


@dataclass
class PlanImportOutcome(ImportOutcome):
    rows: list[PlanRow] = field(default_factory=list)
    unparsed: int = 0

    def as_dict(self) -> dict:
        return {**super().as_dict(), "unparsed": self.unparsed}


def _decimal(text: str) -> Decimal:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", ".")
    return Decimal(cleaned)


def _block_for(number: str, block: str, program: Program) -> str:
    """The block as written; else named by the first part of the item's number (the programme's titles)."""
    if block:
        return block
    first = number.split(".")[0].strip() if number else ""
    if not first:
        return ""
    return (program.block_titles or {}).get(first) or f"Раздел {first}"


def plan_rows_read(*, table: Table, program: Program) -> tuple[list[PlanRow], list[RowError]]:
    index, errors = header_map(table, PLAN_COLUMNS)
    if errors:
        return [], errors
    rows: list[PlanRow] = []
    seen: dict[str, int] = {}
    default_year = program.period_start.year
    for number, values in zip(table.row_numbers, table.rows):
        cell = {key: " ".join(values[i].split()) if key != "title" else values[i].strip() for key, i in index.items()}
        row_errors = [RowError(number, _TITLES[k], REQUIRED_VALUE) for k in ("title", "deadline") if not cell.get(k)]
        for key, limit in _LIMITS.items():
            if len(cell.get(key, "")) > limit:
                row_errors.append(RowError(number, _TITLES[key], PLAN_TOO_LONG.format(limit=limit)))
        target = None
        if cell.get("target_value"):
            try:
                target = _decimal(cell["target_value"])
                if not target.is_finite() or abs(target) >= Decimal("1e12"):
                    raise InvalidOperation
            except InvalidOperation:
                row_errors.append(RowError(number, _TITLES["target_value"],
                                           PLAN_BAD_NUMBER.format(value=cell["target_value"])))
                target = None
        status = None
        if cell.get("status"):
            status = STATUS_WORDS.get(header_key(cell["status"]))
            if status is None:
                row_errors.append(RowError(number, _TITLES["status"], PLAN_BAD_STATUS.format(value=cell["status"])))
        item_number = cell.get("number", "")
        if item_number:
            if item_number in seen:
                row_errors.append(RowError(number, _TITLES["number"],
                                           PLAN_DUPLICATE_NUMBER.format(number=item_number, row=seen[item_number])))
            seen.setdefault(item_number, number)
        if row_errors:
            errors.extend(row_errors)
            continue
        block = _block_for(item_number, cell.get("block", ""), program)
        track_numbers = {int(n) for n in _TRACK_IN_BLOCK.findall(block)}
        track_number = track_numbers.pop() if len(track_numbers) == 1 else None
        row = PlanRow(
            row=number, number=item_number, block=block, section=cell.get("section", ""), title=cell["title"],
            deadline_text=cell["deadline"], responsible=cell.get("responsible", ""),
            expected_result=cell.get("expected_result", ""), target_value=target, status=status,
            track_number=track_number,
            track_title=_TRACK_TITLE.sub("", block).strip() if track_number is not None else "",
        )
        row.deadline = deadline_parse(row.deadline_text, default_year=default_year)
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(table.header_row_number, "", PLAN_EMPTY))
    return rows, errors


def _deadline_fields(deadline) -> dict:
    return {
        "deadline_text": deadline.text,
        "deadline_kind": deadline.kind,
        "deadline_start": deadline.start,
        "deadline_end": deadline.end,
        "deadline_months": list(deadline.months),
        "deadline_years": list(deadline.years),
        "deadline_dates": [d.isoformat() for d in deadline.dates],
        "deadline_recurrence": deadline.recurrence,
        "deadline_relative_days": deadline.relative_days,
    }


def plan_import(
    *, table: Table, program: Program, user=None, school: School | None = None, dry_run: bool = False
) -> PlanImportOutcome:
    """A plan table into the programme's plan (or a school's own plan in it), whole or nothing.

    Rows with a № update the item of that number (status and facts are kept unless the table gives a status);
    rows without one are added at the end.
    """
    if school is not None and school.municipality_id != program.municipality_id:
        return PlanImportOutcome(status="rejected", errors=[RowError(0, "", PLAN_SCHOOL_OUTSIDE.format(code=school.code))])
    rows, errors = plan_rows_read(table=table, program=program)
    if errors:
        return PlanImportOutcome(status="rejected", errors=errors)
    unparsed = sum(1 for r in rows if r.deadline.kind == "unparsed")
    if dry_run:
        outcome = PlanImportOutcome(status="dry_run", rows=rows, unparsed=unparsed)
        outcome.created, outcome.updated, outcome.unchanged = _plan_counts(program, school, rows)
        return outcome
    outcome = PlanImportOutcome(status="imported", rows=rows, unparsed=unparsed)
    with transaction.atomic():
        tracks = {t.number: t for t in program.tracks.all()}
        for r in rows:
            if r.track_number is not None and r.track_number not in tracks:
                tracks[r.track_number] = ProgramTrack.objects.create(
                    program=program, number=r.track_number, title=r.track_title or f"Трек {r.track_number}"
                )
        existing = {i.number: i for i in PlanItem.objects.filter(program=program, school=school).exclude(number="")}
        position = (PlanItem.objects.filter(program=program, school=school).aggregate(m=Max("position"))["m"] or 0)
        for r in rows:
            values = {
                "block": r.block, "section": r.section, "title": r.title, "responsible": r.responsible,
                "expected_result": r.expected_result, "target_value": r.target_value,
                "track": tracks.get(r.track_number) if r.track_number is not None else None,
                **_deadline_fields(r.deadline),
            }
            if r.status:
                values["status"] = r.status
            item = existing.get(r.number) if r.number else None
            if item is None:
                position += 1
                PlanItem.objects.create(program=program, school=school, position=position, number=r.number, **values)
                outcome.created += 1
                continue
            if item.deadline_set_manually and item.deadline_text == r.deadline_text:
                # A person set the date of a wording the reader could not read; the same wording keeps it.
                values = {k: v for k, v in values.items() if not k.startswith("deadline_")}
            changed = {k: v for k, v in values.items() if _differs(getattr(item, k), v)}
            if not changed:
                outcome.unchanged += 1
                continue
            for k, v in changed.items():
                setattr(item, k, v)
            if "deadline_text" in changed:
                item.deadline_set_manually = False
            item.save()
            outcome.updated += 1
    from core.audit import audit_log
    from core.models import AuditEvent

    audit_log(kind=AuditEvent.Kind.IMPORT, user=user, what="plan", program=program.code,
              school=getattr(school, "code", ""), created=outcome.created, updated=outcome.updated)
    return outcome


def _differs(current, new) -> bool:
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        return (current is None) != (new is None) or (current is not None and Decimal(current) != Decimal(new))
    if isinstance(current, ProgramTrack) or isinstance(new, ProgramTrack):
        return getattr(current, "pk", None) != getattr(new, "pk", None)
    return current != new


def _plan_counts(program: Program, school: School | None, rows: list[PlanRow]) -> tuple[int, int, int]:
    numbers = set(PlanItem.objects.filter(program=program, school=school).exclude(number="").values_list("number", flat=True))
    updated = sum(1 for r in rows if r.number and r.number in numbers)
    return len(rows) - updated, updated, 0


def plan_table_from_paste(text: str) -> Table:
    """A table copied from Word or Excel (tab-separated; Excel quotes cells with line breaks) into a Table."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    records = [r for r in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]
    numbered = [(n, [c.strip() for c in r]) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if len(numbered) < 1:
        raise ServiceError(PLAN_PASTE_EMPTY)
    (header_number, headers), data = numbered[0], numbered[1:]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = [(r + [""] * width)[:width] for _, r in data]
    return Table(headers=headers, rows=rows, row_numbers=[n for n, _ in data], header_row_number=header_number,
                 sheet_name=None, kind="csv")


# --- Plan items ----------------------------------------------------------------------------------------------------


def plan_item_update(
    *,
    item: PlanItem,
    user,
    status: str,
    fact_text: str = "",
    fact_value: Decimal | None = None,
    comment: str = "",
) -> PlanItem:
    if fact_value is not None and fact_value < 0:
        raise ServiceError(ITEM_FACT_NEGATIVE)
    with transaction.atomic():
        item.status = status
        item.fact_text = fact_text
        item.fact_value = fact_value
        item.save()
        if comment.strip():
            PlanItemComment.objects.create(item=item, author=user, text=comment.strip())
    return item


def plan_item_deadline_set(
    *, item: PlanItem, user, end: datetime.date | None, start: datetime.date | None = None
) -> PlanItem:
    """A person sets the date of an item (most often one whose wording was not read); the wording stays."""
    if end is None:
        raise ServiceError(DEADLINE_END_REQUIRED)
    if start is not None and start > end:
        raise ServiceError(DEADLINE_ORDER)
    item.deadline_kind = PlanItem.Kind.PERIOD if start and start != end else PlanItem.Kind.DATE
    item.deadline_start = start
    item.deadline_end = end
    item.deadline_months = sorted({end.month} | ({start.month} if start else set()))
    item.deadline_dates = []
    item.deadline_recurrence = ""
    item.deadline_relative_days = None
    item.deadline_set_manually = True
    item.save()
    return item


def plan_item_evidence_add(
    *, item: PlanItem, user, title: str = "", url: str = "", content: bytes | None = None, filename: str = ""
) -> PlanItemEvidence:
    if not url and not content:
        raise ServiceError(EVIDENCE_EMPTY)
    evidence = PlanItemEvidence(item=item, title=title, url=url, added_by=user, filename=filename[:255])
    if content:
        from core.uploads import upload_store

        evidence.file.name = upload_store(content=content, filename=filename, folder="programs/evidence")
    evidence.save()
    return evidence


# --- School documents ----------------------------------------------------------------------------------------------

S = SchoolDocument.Status
SCHOOL = frozenset({Role.ADMIN, Role.SCHOOL_ADMIN})
REVIEWERS = frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.CURATOR})

# The whole review workflow: (from, to) → roles that may make that move. Nothing else is allowed.
DOCUMENT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): SCHOOL,
    (S.RETURNED, S.SUBMITTED): SCHOOL,
    (S.SUBMITTED, S.UNDER_REVIEW): REVIEWERS,
    (S.UNDER_REVIEW, S.RETURNED): REVIEWERS,
    (S.UNDER_REVIEW, S.APPROVED): REVIEWERS,
    (S.APPROVED, S.PUBLISHED): SCHOOL,
}
TRANSITION_LABELS = {
    S.SUBMITTED: "Отправить на проверку",
    S.UNDER_REVIEW: "Взять на рассмотрение",
    S.RETURNED: "Вернуть с замечаниями",
    S.APPROVED: "Согласовать",
    S.PUBLISHED: "Отметить публикацию",
}


def document_transitions_for(*, document: SchoolDocument, user) -> list[str]:
    role = _role(user)
    return [after for (before, after), roles in DOCUMENT_TRANSITIONS.items()
            if before == document.status and role in roles]


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
        raise ServiceError(DOCUMENT_FACTOR_NOT_ANTI_RISK)
    if kind == SchoolDocument.Kind.ANTI_RISK:
        from .selectors import verified_factors

        if risk_factor is None or not verified_factors(school=school, year=year).filter(pk=risk_factor.pk).exists():
            raise ServiceError(DOCUMENT_ANTI_RISK_FACTOR.format(year=year))
        if SchoolDocument.objects.filter(school=school, year=year, kind=kind, risk_factor=risk_factor).exists():
            raise ServiceError(DOCUMENT_ANTI_RISK_DUPLICATE.format(factor=risk_factor.name, year=year))
    try:
        with transaction.atomic():
            return SchoolDocument.objects.create(
                school=school, kind=kind, year=year, title=title, risk_factor=risk_factor, program=program,
                created_by=user,
            )
    except IntegrityError as exc:  # a concurrent twin of the anti-risk check above
        raise ServiceError(DOCUMENT_ANTI_RISK_DUPLICATE.format(factor=getattr(risk_factor, "name", ""), year=year)) from exc


def document_version_add(
    *, document: SchoolDocument, user, content: bytes | None = None, filename: str = "", text: str = "", note: str = ""
) -> DocumentVersion:
    if document.status not in (S.DRAFT, S.RETURNED):
        raise ServiceError(DOCUMENT_VERSION_LOCKED)
    if _role(user) not in SCHOOL:
        raise ServiceError(DOCUMENT_TRANSITION_FORBIDDEN.format(
            before=document.get_status_display(), after="новая версия", role=_role_label(user)))
    if not content and not text.strip():
        raise ServiceError(DOCUMENT_VERSION_EMPTY)
    with transaction.atomic():
        locked = SchoolDocument.objects.select_for_update().get(pk=document.pk)
        number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = DocumentVersion(document=locked, number=number, text=text.strip(), note=note, created_by=user,
                                  filename=filename[:255])
        if content:
            from core.uploads import upload_store

            version.file.name = upload_store(content=content, filename=filename, folder="programs/documents")
        version.save()
    return version


def _role_label(user) -> str:
    role = _role(user)
    return Role(role).label if role in Role.values else role


def document_transition(
    *,
    document: SchoolDocument,
    user,
    to_status: str,
    remarks: list[str] | None = None,
    published_url: str = "",
    published_on: datetime.date | None = None,
) -> SchoolDocument:
    """Move a document along the workflow, if DOCUMENT_TRANSITIONS lets this user's role make the move."""
    with transaction.atomic():
        document = SchoolDocument.objects.select_for_update().get(pk=document.pk)
        before = document.status
        roles = DOCUMENT_TRANSITIONS.get((before, to_status), frozenset())
        if _role(user) not in roles:
            raise ServiceError(DOCUMENT_TRANSITION_FORBIDDEN.format(
                before=S(before).label, after=S(to_status).label if to_status in S.values else to_status,
                role=_role_label(user)))
        latest = document.versions.order_by("-number").first()
        remarks = [r.strip() for r in remarks or [] if r and r.strip()]
        if to_status == S.SUBMITTED and latest is None:
            raise ServiceError(DOCUMENT_NO_VERSION)
        if to_status == S.RETURNED and not remarks:
            raise ServiceError(DOCUMENT_RETURN_NEEDS_REMARK)
        if to_status == S.PUBLISHED:
            if not published_url or published_on is None:
                raise ServiceError(DOCUMENT_PUBLISH_NEEDS_URL)
            document.published_url = published_url
            document.published_on = published_on
        for text in remarks:
            DocumentRemark.objects.create(document=document, version=latest, author=user, text=text)
        document.status = to_status
        document.save()
        DocumentTransition.objects.create(document=document, from_status=before, to_status=to_status, user=user)
    return document


def document_remark_answer(*, remark: DocumentRemark, user, answer: str) -> DocumentRemark:
    if not answer.strip():
        raise ServiceError(REMARK_ANSWER_EMPTY)
    if _role(user) not in SCHOOL:
        raise ServiceError(DOCUMENT_TRANSITION_FORBIDDEN.format(
            before=remark.document.get_status_display(), after="ответ на замечание", role=_role_label(user)))
    remark.answer = answer.strip()
    remark.answered_by = user
    remark.answered_at = timezone.now()
    remark.save()
    return remark


# --- Risk profiles -------------------------------------------------------------------------------------------------

RISK_SCHOOL_ROLES = frozenset({Role.ADMIN, Role.SCHOOL_ADMIN})
RISK_VERIFIER_ROLES = frozenset({Role.ADMIN, Role.CURATOR, Role.METHODOLOGIST})
NONOBJECTIVE_FACTOR = "F6"
NONOBJECTIVE_COMMENT = "Школа в списке «{list}» за {year} год ({source})."


def risk_profile_get_or_create(*, school: School, year: int, user=None) -> RiskProfile:
    """The school's profile for a year, with an entry for every active factor and the computed ones filled."""
    with transaction.atomic():
        profile, created = RiskProfile.objects.get_or_create(school=school, year=year)
        have = set(profile.entries.values_list("factor_id", flat=True))
        missing = RiskFactor.objects.filter(is_active=True).exclude(pk__in=have)
        RiskProfileEntry.objects.bulk_create([RiskProfileEntry(profile=profile, factor=f) for f in missing])
        if created or missing:
            risk_profile_fill_computed(profile=profile)
    return profile


def risk_profile_fill_computed(*, profile: RiskProfile) -> int:
    """Hook: fill the factors the portal computes from its own data, with their source. Returns entries changed.

    F6 «signs of non-objective VPR»: the school is on the non-objectivity list (any source) for that year.
    Factors from assessment results join here once that model is settled.
    """
    changed = 0
    entry = profile.entries.filter(factor__code=NONOBJECTIVE_FACTOR).select_related("factor").first()
    if entry is not None and not entry.verified:
        status = (
            SchoolStatus.objects.filter(school=profile.school, year=profile.year, kind=SchoolStatus.Kind.NONOBJECTIVE)
            .order_by("source")
            .first()
        )
        level = RiskProfileEntry.Level.HIGH if status else RiskProfileEntry.Level.NONE
        comment = (
            NONOBJECTIVE_COMMENT.format(list=status.get_kind_display(), year=profile.year,
                                        source=status.get_source_display().lower())
            if status else "Школы нет в списке «Признаки необъективности» за этот год."
        )
        if (entry.level, entry.source, entry.comment) != (level, RiskProfileEntry.Source.COMPUTED, comment):
            entry.level, entry.source, entry.comment = level, RiskProfileEntry.Source.COMPUTED, comment
            entry.save()
            changed += 1
    return changed


def risk_profile_questionnaire_save(
    *, profile: RiskProfile, user, answers: dict[int, tuple[str, str]], submit: bool = False
) -> RiskProfile:
    """The school's answers: factor id → (level, comment). Computed factors are not the school's to set."""
    if profile.status != RiskProfile.Status.DRAFT:
        raise ServiceError(RISK_PROFILE_LOCKED)
    if _role(user) not in RISK_SCHOOL_ROLES:
        raise ServiceError(RISK_PROFILE_LOCKED)
    with transaction.atomic():
        for entry in profile.entries.select_related("factor"):
            if entry.factor_id not in answers or entry.source == RiskProfileEntry.Source.COMPUTED:
                continue
            level, comment = answers[entry.factor_id]
            if (entry.level, entry.comment) != (level, comment):
                entry.level, entry.comment, entry.source = level, comment, RiskProfileEntry.Source.QUESTIONNAIRE
                entry.save()
        if submit:
            if not profile.entries.exclude(level=RiskProfileEntry.Level.NONE).exists() and not any(
                level != RiskProfileEntry.Level.NONE for level, _ in answers.values()
            ):
                raise ServiceError(RISK_PROFILE_EMPTY)
            profile.status = RiskProfile.Status.SUBMITTED
            profile.submitted_at = timezone.now()
            profile.save()
    return profile


def risk_profile_verify(
    *, profile: RiskProfile, user, decisions: dict[int, tuple[str, bool, str]]
) -> RiskProfile:
    """The curator's verification: factor id → (level, verified, comment). A changed level becomes the curator's."""
    if _role(user) not in RISK_VERIFIER_ROLES:
        raise ServiceError(RISK_PROFILE_NOT_SUBMITTED)
    if profile.status not in (RiskProfile.Status.SUBMITTED, RiskProfile.Status.VERIFIED):
        raise ServiceError(RISK_PROFILE_NOT_SUBMITTED)
    with transaction.atomic():
        for entry in profile.entries.select_related("factor"):
            if entry.factor_id not in decisions:
                continue
            level, verified, comment = decisions[entry.factor_id]
            if verified and level == RiskProfileEntry.Level.NONE:
                raise ServiceError(RISK_VERIFY_NEEDS_LEVEL.format(factor=entry.factor.name))
            if level != entry.level:
                entry.source = RiskProfileEntry.Source.CURATOR
            entry.level, entry.comment, entry.verified = level, comment, verified
            entry.verified_by = user if verified else None
            entry.save()
        profile.status = RiskProfile.Status.VERIFIED
        profile.verified_by = user
        profile.verified_at = timezone.now()
        profile.save()
    return profile


def risk_profile_return(*, profile: RiskProfile, user) -> RiskProfile:
    """Back to the school for changes (the curator's verification marks stay until the next verification)."""
    if _role(user) not in RISK_VERIFIER_ROLES or profile.status != RiskProfile.Status.SUBMITTED:
        raise ServiceError(RISK_PROFILE_NOT_SUBMITTED)
    profile.status = RiskProfile.Status.DRAFT
    profile.save()
    return profile


# --- Notifications -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    user_id: int
    kind: str
    key: str
    text: str
    url: str


def notifications_compute(*, today: datetime.date | None = None) -> int:
    """What everyone owes today, as notifications: idempotent (a key is notified once). Returns how many are new."""
    from django.urls import reverse

    from mentoring.models import CuratorAssignment
    from schools.models import User

    from .selectors import overdue_q

    today = today or timezone.localdate()
    due: list[_Due] = []
    staff: dict[int, list[tuple[int, str]]] = {}
    for u in User.objects.filter(is_active=True, role__in=[Role.METHODOLOGIST, Role.HEAD]).values("pk", "municipality_id", "role"):
        staff.setdefault(u["municipality_id"], []).append((u["pk"], u["role"]))
    school_admins: dict[int, list[int]] = {}
    for u in User.objects.filter(is_active=True, role=Role.SCHOOL_ADMIN).values("pk", "school_id"):
        school_admins.setdefault(u["school_id"], []).append(u["pk"])
    curators: dict[int, list[int]] = {}
    for a in CuratorAssignment.objects.active(today).filter(curator__is_active=True).values("curator_id", "school_id"):
        curators.setdefault(a["school_id"], []).append(a["curator_id"])

    def methodologists(municipality_id):
        return [pk for pk, role in staff.get(municipality_id, []) if role == Role.METHODOLOGIST]

    # Documents waiting for a reviewer: the school's curators and the municipality's methodologists.
    waiting = SchoolDocument.objects.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW]).select_related("school")
    for doc in waiting.annotate(last=Max("transitions__pk")):
        url = reverse("programs:document", args=[doc.pk])
        for uid in {*curators.get(doc.school_id, []), *methodologists(doc.school.municipality_id)}:
            due.append(_Due(uid, Notification.Kind.DOCUMENT_REVIEW, f"document-review:{doc.pk}:{doc.last}",
                            f"{doc.school}: «{doc.title}» ждёт проверки.", url))
    # Remarks to answer: the school's administrators.
    returned = SchoolDocument.objects.filter(status=S.RETURNED, remarks__answered_at__isnull=True).select_related("school")
    for doc in returned.annotate(last=Max("remarks__pk")).distinct():
        url = reverse("programs:document", args=[doc.pk])
        for uid in school_admins.get(doc.school_id, []):
            due.append(_Due(uid, Notification.Kind.DOCUMENT_RETURNED, f"document-returned:{doc.pk}:{doc.last}",
                            f"«{doc.title}» возвращён с замечаниями: ответьте на них и отправьте новую версию.", url))
    # Overdue items: the programme's methodologists and head; a school's own items, its administrators.
    overdue = PlanItem.objects.filter(overdue_q(today)).select_related("program")
    for item in overdue:
        url = reverse("programs:item", args=[item.program.code, item.pk])
        recipients = school_admins.get(item.school_id, []) if item.school_id else [
            pk for pk, _ in staff.get(item.program.municipality_id, [])
        ]
        for uid in recipients:
            due.append(_Due(uid, Notification.Kind.ITEM_OVERDUE, f"item-overdue:{item.pk}:{item.deadline_end}",
                            f"Просрочено: {item.number} {item.title[:200]} (срок: {item.deadline_text}).".replace("  ", " "),
                            url))
    # Risk profiles waiting for verification: the school's curators and the municipality's methodologists.
    for profile in RiskProfile.objects.filter(status=RiskProfile.Status.SUBMITTED).select_related("school"):
        url = reverse("programs:risk_profile", args=[profile.school.code, profile.year])
        for uid in {*curators.get(profile.school_id, []), *methodologists(profile.school.municipality_id)}:
            due.append(_Due(uid, Notification.Kind.RISK_PROFILE,
                            f"risk-profile:{profile.pk}:{profile.submitted_at and profile.submitted_at.isoformat()}",
                            f"{profile.school}: рисковый профиль за {profile.year} год ждёт верификации.", url))
    return _notifications_store(due)


def _notifications_store(due: list[_Due]) -> int:
    from schools.models import User

    if not due:
        return 0
    existing = set(
        Notification.objects.filter(user_id__in={d.user_id for d in due}, key__in={d.key for d in due})
        .values_list("user_id", "key")
    )
    new = {}
    for d in due:
        if (d.user_id, d.key) not in existing:
            new[(d.user_id, d.key)] = Notification(user_id=d.user_id, kind=d.kind, key=d.key, text=d.text[:1000], url=d.url)
    Notification.objects.bulk_create(new.values(), ignore_conflicts=True)
    _notifications_email(list(new.values()), User)
    return len(new)


def _notifications_email(notifications: list[Notification], User) -> None:
    """One letter per person with everything new, when the person has an address."""
    from django.conf import settings
    from django.core.mail import send_mail

    if not notifications:
        return
    emails = dict(User.objects.filter(pk__in={n.user_id for n in notifications}).exclude(email="").values_list("pk", "email"))
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
            from_email=None, recipient_list=[emails[user_id]], fail_silently=True,
        )
        Notification.objects.filter(user_id=user_id, key__in=[n.key for n in items]).update(emailed_at=timezone.now())


def notification_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of the user's notifications read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())

