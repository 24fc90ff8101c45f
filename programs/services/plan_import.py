"""A plan table (a file, or a table pasted from Word or Excel) into a programme's plan, whole or nothing."""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max

from core.audit import audit_log
from core.errors import ApplicationError
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, header_map
from core.models import AuditEvent
from core.tables import Table, header_key
from schools.models import School

from ..deadlines import Deadline, deadline_parse
from ..models import PlanItem, Program, ProgramTrack

PLAN_TOO_LONG = "Слишком длинное значение (более {limit} символов)."
PLAN_BAD_NUMBER = "Целевое значение должно быть числом, а не «{value}»."
PLAN_BAD_STATUS = "Неизвестный статус «{value}». Допустимо: запланировано, выполняется, выполнено, отменено."
PLAN_DUPLICATE_NUMBER = (
    "Пункт № {number} повторяется (строки {rows}): все мероприятия добавлены в порядке таблицы — проверьте нумерацию."
)
PLAN_EMPTY = "В таблице нет ни одного мероприятия."
PLAN_PASTE_EMPTY = "Вставьте таблицу вместе со строкой заголовка (№, Раздел, Мероприятие, Сроки, …)."
PLAN_SCHOOL_OUTSIDE = "ОО «{code}» не относится к муниципалитету программы."
DEADLINE_UNPARSED = "срок не распознан"

# Contract 1.4, plus the seeds' English headers as synonyms so both seed tables go through this one path.
PLAN_COLUMNS = (
    Column("number", "№", synonyms=("id", "№ п/п", "номер", "пункт")),
    Column("block", "Раздел", synonyms=("track", "блок", "направление")),
    Column("section", "Подраздел"),
    Column(
        "title",
        "Мероприятие",
        required=True,
        synonyms=(
            "task_ru",
            "activity_ru",
            "measure_ru",
            "мероприятия",
            "основные мероприятия",
            "наименование мероприятия",
            "задачи",
        ),
    ),
    Column(
        "deadline",
        "Сроки",
        required=True,
        synonyms=(
            "deadline_ru",
            "timing_ru",
            "срок",
            "сроки исполнения",
            "сроки проведения",
            "срок исполнения",
            "сроки реализации",
        ),
    ),
    Column("responsible", "Ответственные", synonyms=("responsible_ru", "ответственный", "ответственные исполнители")),
    Column(
        "expected_result",
        "Ожидаемый результат",
        synonyms=("expected_result_ru", "planned_result_ru", "планируемый результат", "результат"),
    ),
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
    deadline: Deadline

    @property
    def status_label(self) -> str:
        return PlanItem.Status(self.status).label if self.status else ""


@dataclass
class PlanImportOutcome(ImportOutcome):
    rows: list[PlanRow] = field(default_factory=list)
    unparsed: int = 0
    # What was accepted but a person should look at (a number the table repeats).
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "unparsed": self.unparsed, "warnings": self.warnings}


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
    """Rows of a plan table, each deadline read over the programme's period. An empty «Сроки» is accepted (the
    item's term is «срок не распознан» for a person to set); a repeated № is accepted (`plan_number_repeats`)."""
    index, errors = header_map(table, PLAN_COLUMNS)
    if errors:
        return [], errors
    rows: list[PlanRow] = []
    period = (program.period_start, program.period_end)
    for number, values in zip(table.row_numbers, table.rows):
        cell = {key: " ".join(values[i].split()) if key != "title" else values[i].strip() for key, i in index.items()}
        row_errors = [RowError(number, _TITLES["title"], REQUIRED_VALUE)] if not cell.get("title") else []
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
                row_errors.append(
                    RowError(number, _TITLES["target_value"], PLAN_BAD_NUMBER.format(value=cell["target_value"]))
                )
                target = None
        status = None
        if cell.get("status"):
            status = STATUS_WORDS.get(header_key(cell["status"]))
            if status is None:
                row_errors.append(RowError(number, _TITLES["status"], PLAN_BAD_STATUS.format(value=cell["status"])))
        item_number = cell.get("number", "")
        if row_errors:
            errors.extend(row_errors)
            continue
        block = _block_for(item_number, cell.get("block", ""), program)
        track_numbers = {int(n) for n in _TRACK_IN_BLOCK.findall(block)}
        track_number = track_numbers.pop() if len(track_numbers) == 1 else None
        row = PlanRow(
            row=number,
            number=item_number,
            block=block,
            section=cell.get("section", ""),
            title=cell["title"],
            deadline_text=cell.get("deadline", ""),
            responsible=cell.get("responsible", ""),
            expected_result=cell.get("expected_result", ""),
            target_value=target,
            status=status,
            track_number=track_number,
            track_title=_TRACK_TITLE.sub("", block).strip() if track_number is not None else "",
            deadline=deadline_parse(cell.get("deadline", ""), period=period),
        )
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(table.header_row_number, "", PLAN_EMPTY))
    return rows, errors


def plan_number_repeats(rows: list[PlanRow]) -> list[str]:
    """A warning for each № the table repeats (seed 002 numbers two main activities «4.»)."""
    by_number: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.number:
            by_number[r.number].append(r.row)
    return [
        PLAN_DUPLICATE_NUMBER.format(number=n, rows=", ".join(map(str, found)))
        for n, found in by_number.items()
        if len(found) > 1
    ]


def _matched_items(program: Program, school: School | None, rows: list[PlanRow]) -> list[PlanItem | None]:
    """The existing item each row updates: the k-th row of a № is the k-th item of that № (in plan order)."""
    existing: dict[str, list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(program=program, school=school).exclude(number="").order_by("position"):
        existing[item.number].append(item)
    seen: dict[str, int] = defaultdict(int)
    out: list[PlanItem | None] = []
    for r in rows:
        if not r.number:
            out.append(None)
            continue
        k = seen[r.number]
        seen[r.number] += 1
        out.append(existing[r.number][k] if k < len(existing[r.number]) else None)
    return out


def deadline_fields(deadline: Deadline) -> dict:
    """The PlanItem fields of a deadline as read (its due dates are kept by PlanItem.save)."""
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
        return PlanImportOutcome(
            status="rejected", errors=[RowError(0, "", PLAN_SCHOOL_OUTSIDE.format(code=school.code))]
        )
    rows, errors = plan_rows_read(table=table, program=program)
    if errors:
        return PlanImportOutcome(status="rejected", errors=errors)
    unparsed = sum(1 for r in rows if r.deadline.kind == "unparsed")
    warnings = plan_number_repeats(rows)
    if dry_run:
        outcome = PlanImportOutcome(status="dry_run", rows=rows, unparsed=unparsed, warnings=warnings)
        matched = _matched_items(program, school, rows)
        outcome.updated = sum(1 for m in matched if m is not None)
        outcome.created = len(rows) - outcome.updated
        return outcome
    outcome = PlanImportOutcome(status="imported", rows=rows, unparsed=unparsed, warnings=warnings)
    with transaction.atomic():
        tracks = {t.number: t for t in program.tracks.all()}
        for r in rows:
            if r.track_number is not None and r.track_number not in tracks:
                tracks[r.track_number] = ProgramTrack.objects.create(
                    program=program, number=r.track_number, title=r.track_title or f"Трек {r.track_number}"
                )
        matched = _matched_items(program, school, rows)
        position = PlanItem.objects.filter(program=program, school=school).aggregate(m=Max("position"))["m"] or 0
        for r, item in zip(rows, matched):
            values = {
                "block": r.block,
                "section": r.section,
                "title": r.title,
                "responsible": r.responsible,
                "expected_result": r.expected_result,
                "target_value": r.target_value,
                "track": tracks.get(r.track_number) if r.track_number is not None else None,
                **deadline_fields(r.deadline),
            }
            if r.status:
                values["status"] = r.status
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
    audit_log(
        kind=AuditEvent.Kind.IMPORT,
        user=user,
        what="plan",
        program=program.code,
        school=getattr(school, "code", ""),
        created=outcome.created,
        updated=outcome.updated,
    )
    return outcome


def _differs(current, new) -> bool:
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        return (current is None) != (new is None) or (current is not None and Decimal(current) != Decimal(new))
    if isinstance(current, ProgramTrack) or isinstance(new, ProgramTrack):
        return getattr(current, "pk", None) != getattr(new, "pk", None)
    return current != new


def plan_table_from_paste(text: str) -> Table:
    """A table copied from Word or Excel (tab-separated; Excel quotes cells with line breaks) into a Table."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    records = [r for r in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]
    numbered = [(n, [c.strip() for c in r]) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if len(numbered) < 1:
        raise ApplicationError(PLAN_PASTE_EMPTY)
    (header_number, headers), data = numbered[0], numbered[1:]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = [(r + [""] * width)[:width] for _, r in data]
    return Table(
        headers=headers,
        rows=rows,
        row_numbers=[n for n, _ in data],
        header_row_number=header_number,
        sheet_name=None,
        kind="csv",
    )
