"""The results import (contract 1.2): read, map, validate every row, then write all rows in one transaction."""

import hashlib
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from typing import cast

from django.db import connection, transaction
from django.db.models import DecimalField, JSONField
from django.utils import timezone

from core.audit import audit_log
from core.errors import Busy
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, error_report_xlsx, header_map
from core.models import AuditEvent
from core.tables import Table, gc_paused
from core.uploads import upload_store
from core.years import year_valid
from schools.models import School

from .models import GRADES, VALUE_FIELDS, MinimumScore, Procedure, Result, ResultChange, Subject, Upload
from .normalize import count_read, decimal_read, is_unknown, name_key, procedure_read, year_read
from .signals import results_changed

COLUMNS = (
    Column("school_code", "Код ОО", synonyms=("Код школы", "Код организации", "Логин ОО")),
    Column("school_name", "Наименование ОО", synonyms=("ОО", "Школа", "Образовательная организация", "Наименование")),
    Column("procedure", "Процедура", required=True, synonyms=("Оценочная процедура", "Вид процедуры")),
    Column("subject", "Предмет", required=True, synonyms=("Учебный предмет",)),
    Column("grade", "Класс", required=True, synonyms=("Параллель",)),
    Column("year", "Год", required=True, synonyms=("Учебный год",)),
    Column(
        "participants",
        "Участников",
        required=True,
        synonyms=("Участники", "Количество участников", "Писали", "Кол-во участников"),
    ),
    Column("marks_2", "«2»", synonyms=("Отметка «2»", "Отметка 2", "Двойки")),
    Column("marks_3", "«3»", synonyms=("Отметка «3»", "Отметка 3")),
    Column("marks_4", "«4»", synonyms=("Отметка «4»", "Отметка 4")),
    Column("marks_5", "«5»", synonyms=("Отметка «5»", "Отметка 5")),
    Column("marks_4_5", "«4» и «5»", synonyms=("«4» и «5» вместе", "4+5")),
    Column("confirmed", "Подтвердили", synonyms=("Подтвердили отметку",)),
    Column("lowered", "Понизили", synonyms=("Понизили отметку",)),
    Column("raised", "Повысили", synonyms=("Повысили отметку",)),
    Column("below_min", "Ниже минимума", synonyms=("Не преодолели минимальный порог", "Не преодолели минимум")),
    Column("mean_score", "Средний балл", synonyms=("Средний тестовый балл",)),
    Column("high_scores", "Высокие баллы", synonyms=("81–100 баллов", "От 81 до 100 баллов")),
)
TITLES = {c.key: c.title for c in COLUMNS}
COUNT_KEYS = (
    "participants",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "marks_4_5",
    "confirmed",
    "lowered",
    "raised",
    "below_min",
    "high_scores",
)

NO_SCHOOL_COLUMN = "Нет столбца «Код ОО» или «Наименование ОО»: по одному из них определяется школа."
UNKNOWN_PROCEDURE = "Неизвестная процедура «{value}». Допустимо: ВПР, ОГЭ, ЕГЭ, ГВЭ."
UNKNOWN_SUBJECT = "Неизвестный предмет «{value}»."
EGE_MATH_LEVEL = "Для ЕГЭ укажите уровень математики: «Математика базовая» или «Математика профильная»."
MATH_LEVEL_ONLY_EGE = "Базовая и профильная математика бывают только в ЕГЭ."
BAD_GRADE = "Класс {grade} не подходит для процедуры {procedure}: допустимо {allowed}."
NOT_A_GRADE = "Класс должен быть целым числом, а не «{value}»."
BAD_YEAR = "Год «{value}» не распознан: напишите 2021 или учебный год 2020-2021."
YEAR_RANGE = "Год {year} вне допустимого диапазона 2000–2100."
NOT_A_COUNT = "Ожидается целое неотрицательное число, а не «{value}»."
NOT_A_NUMBER = "Ожидается число, а не «{value}»."
COUNT_OVER_N = "Значение {value} больше числа участников ({n})."
MARKS_SUM = "Сумма отметок «2»–«5» ({total}) не равна числу участников ({n})."
MARKS_SUM_OVER = "Сумма отметок ({total}) больше числа участников ({n})."
MARKS_45 = "«4» и «5» ({value}) не равно сумме «4» и «5» ({total})."
OBJECTIVITY_SUM = "Подтвердили + понизили + повысили ({total}) не равно числу участников ({n})."
OBJECTIVITY_SUM_OVER = "Подтвердили + понизили + повысили ({total}) больше числа участников ({n})."
MEAN_RANGE = "Средний балл ЕГЭ должен быть от 0 до 100."
SCHOOL_UNKNOWN_CODE = "ОО с кодом «{code}» нет в реестре."
SCHOOL_OUT_OF_SCOPE = "ОО с кодом «{code}» вне вашей зоны доступа."
SCHOOL_UNKNOWN_NAME = "ОО «{name}» не найдена среди школ вашей зоны доступа: укажите код ОО."
SCHOOL_AMBIGUOUS = "Наименованию «{name}» соответствует несколько ОО: укажите код ОО."
SCHOOL_NAME_MISMATCH = "Наименование «{name}» не совпадает с ОО с кодом «{code}» ({actual})."
DUPLICATE_KEY = "Эта же строка (ОО, процедура, предмет, класс, год) уже есть в строке {row}."


@dataclass(frozen=True)
class Key:
    school_id: int
    procedure: str
    subject_id: int
    grade: int
    year: int


class SchoolMatcher:
    """The uploader's schools, found by code or by any of their names: every importer matches rows with it."""

    def __init__(self, user):
        visible = School.objects.visible_to(user) if user is not None else School.objects.all()
        rows = list(visible.values_list("pk", "code", "name", "short_name", "aliases"))
        self.by_code = {code: (pk, name, short) for pk, code, name, short, _ in rows}
        self.by_name: dict[str, set[int]] = {}
        self.names: dict[int, set[str]] = {}
        for pk, _code, name, short, aliases in rows:
            for text in (name, short, *(aliases or [])):
                if text:
                    key = name_key(text)
                    self.by_name.setdefault(key, set()).add(pk)
                    self.names.setdefault(pk, set()).add(key)
        self.ids = {pk for pk, *_ in rows}
        self.out_of_scope: set[str] = set()
        self.elsewhere: set[str] = set()

    def look_outside(self, codes: set[str]) -> None:
        """Codes not in scope: one query tells which exist elsewhere (an attempt to write outside the scope)."""
        missing = codes - self.by_code.keys()
        if missing:
            self.elsewhere = set(School.objects.filter(code__in=missing).values_list("code", flat=True))


class _Subjects:
    def __init__(self):
        self.by_key: dict[str, Subject] = {}
        for subject in Subject.objects.all():
            for text in (subject.code, subject.name, *subject.short_forms):
                self.by_key[name_key(text)] = subject

    def get(self, value: str) -> Subject | None:
        return self.by_key.get(name_key(value))


def _row_values(number, cell, errors, schools: SchoolMatcher, subjects: _Subjects, minimums) -> tuple[Key, dict] | None:
    """Validate one row; append its errors; return its key and values when it is clean."""
    start = len(errors)

    def err(column: str, message: str):
        errors.append(RowError(number, TITLES[column], message))

    for key in ("procedure", "subject", "grade", "year", "participants"):
        if is_unknown(cell.get(key, "")):
            err(key, REQUIRED_VALUE)
    procedure = procedure_read(cell["procedure"]) if cell.get("procedure") else None
    if cell.get("procedure") and procedure is None:
        err("procedure", UNKNOWN_PROCEDURE.format(value=cell["procedure"]))
    subject = subjects.get(cell["subject"]) if cell.get("subject") else None
    if cell.get("subject") and subject is None:
        err("subject", UNKNOWN_SUBJECT.format(value=cell["subject"]))
    if procedure and subject:
        if procedure == Procedure.EGE and subject.code == "math":
            err("subject", EGE_MATH_LEVEL)
        elif procedure != Procedure.EGE and subject.code in ("math_base", "math_profile"):
            err("subject", MATH_LEVEL_ONLY_EGE)
    grade = None
    if cell.get("grade"):
        grade_text = cell["grade"].strip().removesuffix(".0")
        if not grade_text.isdigit():
            err("grade", NOT_A_GRADE.format(value=cell["grade"]))
        else:
            grade = int(grade_text)
            if procedure and grade not in GRADES[Procedure(procedure)]:
                allowed = ", ".join(str(g) for g in GRADES[Procedure(procedure)])
                err("grade", BAD_GRADE.format(grade=grade, procedure=Procedure(procedure).label, allowed=allowed))
    year = None
    if cell.get("year"):
        year = year_read(cell["year"])
        if year is None:
            err("year", BAD_YEAR.format(value=cell["year"]))
        elif not year_valid(year):
            err("year", YEAR_RANGE.format(year=year))
            year = None

    values: dict = {}
    for key in COUNT_KEYS:
        if key not in cell:
            values[key] = None
            continue
        value, ok = count_read(cell[key])
        if not ok:
            err(key, NOT_A_COUNT.format(value=cell[key]))
        values[key] = value
    mean, ok = decimal_read(cell.get("mean_score", ""))
    if not ok:
        err("mean_score", NOT_A_NUMBER.format(value=cell["mean_score"]))
    values["mean_score"] = mean
    _check_counts(values, procedure, err)

    school_id = school_of_row(cell, schools, err)
    if len(errors) > start:
        return None
    # No error reported: every part of the key was read (an unread part always reports one).
    assert school_id is not None and procedure is not None and subject is not None
    assert grade is not None and year is not None
    values["min_score"] = minimums.get((subject.pk, year)) if procedure == Procedure.EGE else None
    return Key(school_id, procedure, subject.pk, grade, year), values


def _check_counts(values: dict, procedure, err) -> None:
    n = values.get("participants")
    if n is None:
        return
    for key in COUNT_KEYS[1:]:
        if values.get(key) is not None and values[key] > n:
            err(key, COUNT_OVER_N.format(value=values[key], n=n))
            return
    marks = [values.get(k) for k in ("marks_2", "marks_3", "marks_4", "marks_5")]
    known = [m for m in marks if m is not None]
    if len(known) == 4 and sum(known) != n:
        err("marks_2", MARKS_SUM.format(total=sum(known), n=n))
    elif known and sum(known) > n:
        err("marks_2", MARKS_SUM_OVER.format(total=sum(known), n=n))
    m4, m5, m45 = values.get("marks_4"), values.get("marks_5"), values.get("marks_4_5")
    if m4 is not None and m5 is not None and m45 is not None and m45 != m4 + m5:
        err("marks_4_5", MARKS_45.format(value=m45, total=m4 + m5))
    objectivity = [values.get(k) for k in ("confirmed", "lowered", "raised")]
    known = [v for v in objectivity if v is not None]
    if len(known) == 3 and sum(known) != n:
        err("confirmed", OBJECTIVITY_SUM.format(total=sum(known), n=n))
    elif known and sum(known) > n:
        err("confirmed", OBJECTIVITY_SUM_OVER.format(total=sum(known), n=n))
    mean = values.get("mean_score")
    if procedure == Procedure.EGE and mean is not None and not 0 <= mean <= 100:
        err("mean_score", MEAN_RANGE)


def school_of_row(cell: dict, schools: SchoolMatcher, err) -> int | None:
    code, name = cell.get("school_code", "").strip(), cell.get("school_name", "").strip()
    if code:
        found = schools.by_code.get(code)
        if found is None:
            if code in schools.elsewhere:
                schools.out_of_scope.add(code)
                err("school_code", SCHOOL_OUT_OF_SCOPE.format(code=code))
            else:
                err("school_code", SCHOOL_UNKNOWN_CODE.format(code=code))
            return None
        pk, full, short = found
        if name and name_key(name) not in schools.names.get(pk, set()):
            err("school_name", SCHOOL_NAME_MISMATCH.format(name=name, code=code, actual=short or full))
            return None
        return pk
    if not name:
        err("school_code", REQUIRED_VALUE)
        return None
    matches = schools.by_name.get(name_key(name), set())
    if not matches:
        err("school_name", SCHOOL_UNKNOWN_NAME.format(name=name))
        return None
    if len(matches) > 1:
        err("school_name", SCHOOL_AMBIGUOUS.format(name=name))
        return None
    return next(iter(matches))


class _Memo(dict):
    """value → fn(value), computed once: a results file repeats its procedures, subjects, grades, years, schools and
    small counts on every row."""

    __slots__ = ("fn",)

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, value):
        result = self[value] = self.fn(value)
        return result


_BAD = object()  # a cell that is not clean: the row goes to `_row_values` for its errors


def _fast_readers(schools: SchoolMatcher, subjects: _Subjects):
    """Memoised readers for the clean path. Each returns _BAD whenever `_row_values` could report anything for the
    cell (including the cases it reports twice); `_row_values` then checks the row and words its errors."""

    def kind(cells):  # (procedure, subject, grade) as written → (procedure, subject id, grade)
        procedure_text, subject_text, grade_text = cells
        if is_unknown(procedure_text) or is_unknown(subject_text) or is_unknown(grade_text):
            return _BAD
        procedure, subject = procedure_read(procedure_text), subjects.get(subject_text)
        if procedure is None or subject is None:
            return _BAD
        if procedure == Procedure.EGE and subject.code == "math":
            return _BAD
        if procedure != Procedure.EGE and subject.code in ("math_base", "math_profile"):
            return _BAD
        text = grade_text.strip().removesuffix(".0")
        if not (text.isdigit() and text.isascii()):
            return _BAD
        grade = int(text)
        return (procedure, subject.pk, grade) if grade in GRADES[procedure] else _BAD

    def year(text):
        if is_unknown(text):
            return _BAD
        value = year_read(text)
        return value if value is not None and year_valid(value) else _BAD

    def count(text):
        value, ok = count_read(text)
        return value if ok else _BAD

    def participants(text):
        value = _BAD if is_unknown(text) else count(text)
        return _BAD if value is None else value

    def mean(text):
        value, ok = decimal_read(text)
        return value if ok else _BAD

    def school(cells):
        code, name = cells[0].strip(), cells[1].strip()
        if code:
            found = schools.by_code.get(code)
            if found is None or (name and name_key(name) not in schools.names.get(found[0], ())):
                return _BAD
            return found[0]
        matches = schools.by_name.get(name_key(name), ()) if name else ()
        return next(iter(matches)) if len(matches) == 1 else _BAD

    return _Memo(kind), _Memo(year), _Memo(participants), _Memo(count), _Memo(mean), _Memo(school)


def _counts_clean(n: int, c: tuple, mean, ege: bool) -> bool:
    """`_check_counts` without messages: True when it would report nothing. `c`: COUNT_KEYS[1:] of the row."""
    for value in c:
        if value is not None and value > n:
            return False
    m2, m3, m4, m5, m45, confirmed, lowered, raised, _below, _high = c
    if m2 is not None and m3 is not None and m4 is not None and m5 is not None:
        if m2 + m3 + m4 + m5 != n:
            return False
    else:
        known = [m for m in (m2, m3, m4, m5) if m is not None]
        if known and sum(known) > n:
            return False
    if m4 is not None and m5 is not None and m45 is not None and m45 != m4 + m5:
        return False
    if confirmed is not None and lowered is not None and raised is not None:
        if confirmed + lowered + raised != n:
            return False
    else:
        known = [v for v in (confirmed, lowered, raised) if v is not None]
        if known and sum(known) > n:
            return False
    return not (ege and mean is not None and not 0 <= mean <= 100)


def results_validate(
    *, table: Table, user=None, mapping: dict | None = None, progress: Callable[[int], None] | None = None
) -> tuple[dict[Key, dict], list[RowError]]:
    """Every row checked against the contract's rules; rows come back by key only when the whole file is clean."""
    rows, errors = _rows_read(table=table, user=user, mapping=mapping, progress=progress)
    return {Key(*key): dict(zip(VALUE_FIELDS, values)) for key, values in rows.items()}, errors


def _rows_read(
    *, table: Table, user, mapping: dict | None, progress: Callable[[int], None] | None
) -> tuple[dict[tuple, tuple], list[RowError]]:
    """`results_validate` as plain tuples: (school_id, procedure, subject_id, grade, year) → values in VALUE_FIELDS
    order (COUNT_KEYS, mean_score, min_score).

    The table is read column by column: each distinct text of a column is read once (memoised), and a row whose
    cells all read clean and whose counts add up is accepted without building any message. Every other row goes
    through `_row_values`, which checks it from scratch and words its errors, so the errors are exactly those of a
    row-by-row check."""
    index, errors = header_map(table, COLUMNS, mapping=mapping)
    if "school_code" not in index and "school_name" not in index:
        errors.append(RowError(table.header_row_number, TITLES["school_code"], NO_SCHOOL_COLUMN))
    if errors:
        return {}, errors
    schools, subjects = SchoolMatcher(user), _Subjects()
    minimums = {(m.subject_id, m.year): m.score for m in MinimumScore.objects.filter(procedure=Procedure.EGE)}
    rows: dict[tuple, tuple] = {}
    first_row: dict[tuple, int] = {}
    items = list(index.items())
    if "school_code" in index:
        code_col = index["school_code"]
        schools.look_outside({raw[code_col].strip() for raw in table.rows} - {""})
    total = len(table.rows)
    width = len(table.headers)
    columns: list[tuple] | None = None
    if total and all(len(raw) == width for raw in table.rows):
        columns = list(zip(*table.rows))
    # else rows of unequal length (not from table_read): every row the long way

    def column(key: str) -> tuple:
        assert columns is not None
        return columns[index[key]] if key in index else ("",) * total

    kinds_of, years_of, participants_of, counts_of, means_of, schools_of = _fast_readers(schools, subjects)
    if columns is not None:
        kinds = list(map(kinds_of.__getitem__, zip(column("procedure"), column("subject"), column("grade"))))
        years = list(map(years_of.__getitem__, column("year")))
        school_ids = list(map(schools_of.__getitem__, zip(column("school_code"), column("school_name"))))
        ns = list(map(participants_of.__getitem__, column("participants")))
        means = list(map(means_of.__getitem__, column("mean_score")))
        others = [list(map(counts_of.__getitem__, column(key))) for key in COUNT_KEYS[1:]]
        bad: set[int] = set()
        slow: Container[int] = bad
        for read in (kinds, years, school_ids, ns, means, *others):
            if _BAD in read:  # C speed; nothing else in these lists compares equal to _BAD
                bad.update(i for i, v in enumerate(read) if v is _BAD)
        fast: Iterator[tuple] = zip(kinds, years, school_ids, ns, means, zip(*others))
    else:
        slow, fast = range(total), iter(())
    ege = Procedure.EGE
    for i, (number, raw) in enumerate(zip(table.row_numbers, table.rows)):
        if progress and i % 5000 == 0:
            progress(5 + int(60 * i / total))
        parsed: tuple[tuple, tuple] | None = None
        if columns is not None:
            kind, year, school_id, n, mean, counts = next(fast)
            if i not in slow and _counts_clean(n, counts, mean, kind[0] == ege):
                procedure, subject_id, grade = kind
                key = (school_id, procedure, subject_id, grade, year)
                values = (n, *counts, mean, minimums.get((subject_id, year)) if procedure == ege else None)
                parsed = key, values
        if parsed is None:
            cell = {key: raw[c] for key, c in items}
            checked = _row_values(number, cell, errors, schools, subjects, minimums)
            if checked is None:
                continue
            k, v = checked
            parsed = (k.school_id, k.procedure, k.subject_id, k.grade, k.year), tuple(v[f] for f in VALUE_FIELDS)
        key, values = parsed
        first = first_row.setdefault(key, number)
        if first != number:
            errors.append(RowError(number, TITLES["school_code"], DUPLICATE_KEY.format(row=first)))
            continue
        rows[key] = values
    if schools.out_of_scope and user is not None:
        audit_log(
            kind=AuditEvent.Kind.SCOPE_VIOLATION,
            user=user,
            what="results_import",
            school_codes=sorted(schools.out_of_scope)[:50],
        )
    return rows, errors


_KEY_FIELDS = ("school_id", "procedure", "subject_id", "grade", "year")


def _existing(keys) -> dict[tuple, tuple[int, tuple]]:
    """The stored rows among `keys` (key tuples): key → (pk, values in VALUE_FIELDS order). One query, tuples."""
    school_ids = {k[0] for k in keys}
    years = {k[4] for k in keys}
    if not school_ids:
        return {}
    found = {}
    rows = (
        Result.objects.filter(school_id__in=school_ids, year__in=years)
        .order_by()
        .values_list("pk", *_KEY_FIELDS, *VALUE_FIELDS)
    )
    for pk, school_id, procedure, subject_id, grade, year, *values in rows:
        found[school_id, procedure, subject_id, grade, year] = (pk, tuple(values))
    return found


def _as_json(values: dict) -> dict:
    return {k: (str(v) if k == "mean_score" and v is not None else v) for k, v in values.items()}


def results_import(
    *,
    table: Table,
    user=None,
    upload: Upload | None = None,
    dry_run: bool = False,
    mapping: dict | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import a results table whole or not at all. Rows equal to what is stored are left untouched.

    What is created, updated and unchanged is decided here, once, for every database; then PostgreSQL writes with
    COPY (`_write_postgresql`), other databases with executemany (`_write_portable`). Both write the
    same rows and the same ResultChange history, in one transaction; `results_changed` is sent on commit."""
    with gc_paused():  # hundreds of thousands of tuples and no cycles: see core.tables.gc_paused
        outcome, created, updated = _results_plan(
            table=table, user=user, dry_run=dry_run, mapping=mapping, progress=progress
        )
    if outcome.status != "imported" or not (created or updated):
        return outcome
    if progress:
        progress(70)
    with transaction.atomic():
        with gc_paused():
            changes = _changes(updated)
            if connection.vendor == "postgresql":
                _write_postgresql(created, updated, changes, upload=upload, user=user)
            else:
                _write_portable(created, updated, changes, upload=upload, user=user)
        school_ids = sorted({k[0] for k, _ in created} | {u[0][0] for u in updated})
        years = sorted({k[4] for k, _ in created} | {u[0][4] for u in updated})
        transaction.on_commit(lambda: results_changed.send(sender=Result, school_ids=school_ids, years=years))
    return outcome


def _results_plan(*, table, user, dry_run, mapping, progress) -> tuple[ImportOutcome, list, list]:
    """The outcome, the rows to create [(key, values)] and to update [(key, values, pk, stored values)]."""
    rows, errors = _rows_read(table=table, user=user, mapping=mapping, progress=progress)
    if errors:
        return ImportOutcome(status="rejected", errors=errors), [], []
    existing = _existing(rows.keys())
    created: list[tuple[tuple, tuple]] = []
    updated: list[tuple[tuple, tuple, int, tuple]] = []
    for key, values in rows.items():
        current = existing.get(key)
        if current is None:
            created.append((key, values))
        elif current[1] != values:
            updated.append((key, values, *current))
    outcome = ImportOutcome(
        status="dry_run" if dry_run else "imported",
        created=len(created),
        updated=len(updated),
        unchanged=len(rows) - len(created) - len(updated),
    )
    return outcome, created, updated


def _changes(updated) -> list[tuple[int, tuple, dict, dict]]:
    """(pk, key, before, after) of each updated row: only the fields that change, as JSON values."""
    out = []
    for key, values, pk, stored in updated:
        before = {f: old for f, old, new in zip(VALUE_FIELDS, stored, values) if old != new}
        after = {f: new for f, old, new in zip(VALUE_FIELDS, stored, values) if old != new}
        out.append((pk, key, _as_json(before), _as_json(after)))
    return out


def _change_key(key: tuple) -> dict:
    return {"procedure": key[1], "subject_id": key[2], "grade": key[3], "year": key[4]}


def _write_portable(created, updated, changes, *, upload, user) -> None:
    """Any database: one executemany per statement (INSERT of the new rows, UPDATE by primary key of the changed
    ones, INSERT of their history), the values adapted once per column type rather than per model instance.

    bulk_create / bulk_update built a model instance per row and a CASE per updated field: on SQLite, 90 000 rows
    took about 12 s of CPU this way against under 1 s (benchmarks/README.md)."""
    q = connection.ops.quote_name
    ops = connection.ops
    pk_column = cast(str, Result._meta.pk.column)
    now = ops.adapt_datetimefield_value(timezone.now())
    upload_id = upload.pk if upload is not None else None
    mean_at = VALUE_FIELDS.index("mean_score")
    mean_field = cast(DecimalField, Result._meta.get_field("mean_score"))

    def adapted(values: tuple) -> tuple:
        mean = values[mean_at]
        if mean is None:
            return values
        mean = ops.adapt_decimalfield_value(mean, mean_field.max_digits, mean_field.decimal_places)
        return (*values[:mean_at], mean, *values[mean_at + 1 :])

    result = q(Result._meta.db_table)
    with connection.cursor() as cursor:
        if created:
            names = (*_KEY_FIELDS, *VALUE_FIELDS, "upload_id", "updated_at")
            tail = (upload_id, now)
            cursor.executemany(
                f"INSERT INTO {result} ({', '.join(q(f) for f in names)}) VALUES ({', '.join(['%s'] * len(names))})",
                [key + adapted(values) + tail for key, values in created],
            )
        if updated:
            assignments = ", ".join(f"{q(f)} = %s" for f in (*VALUE_FIELDS, "upload_id", "updated_at"))
            tail = (upload_id, now)
            cursor.executemany(
                f"UPDATE {result} SET {assignments} WHERE {q(pk_column)} = %s",
                [adapted(values) + tail + (pk,) for _key, values, pk, _stored in updated],
            )
        if changes:
            user_id = user.pk if user is not None else None
            key_field, before_field, after_field = (
                cast(JSONField, ResultChange._meta.get_field(name)) for name in ("key", "before", "after")
            )
            columns = ("result_id", "school_id", "key", "upload_id", "user_id", "before", "after", "changed_at")
            cursor.executemany(
                f"INSERT INTO {q(ResultChange._meta.db_table)} ({', '.join(q(f) for f in columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                [
                    (
                        pk,
                        key[0],
                        key_field.get_db_prep_save(_change_key(key), connection),
                        upload_id,
                        user_id,
                        before_field.get_db_prep_save(before, connection),
                        after_field.get_db_prep_save(after, connection),
                        now,
                    )
                    for pk, key, before, after in changes
                ],
            )


_TEMP = "_opora_result_import"


def _write_postgresql(created, updated, changes, *, upload, user) -> None:
    """New rows: COPY straight into the results table. Changed rows: COPY into a temporary table and one
    UPDATE … FROM it by primary key. History rows: COPY. Inside the caller's transaction.

    Plain COPY rather than INSERT … ON CONFLICT: what is new and what changed is already decided (`results_import`),
    and speculative insertion made the insert half as slow again (benchmarks/README.md). A row that another import
    creates between our read and our write makes the unique key refuse the COPY: this import then fails whole and
    writes nothing, as bulk_create did."""
    import json

    q = connection.ops.quote_name
    result, change = q(Result._meta.db_table), q(ResultChange._meta.db_table)
    now = timezone.now()
    upload_id = upload.pk if upload is not None else None
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        if created:
            names = ", ".join(q(f) for f in (*_KEY_FIELDS, *VALUE_FIELDS, "upload_id", "updated_at"))
            tail = (upload_id, now)
            with raw.copy(f"COPY {result} ({names}) FROM STDIN") as copy:
                for key, values in created:
                    copy.write_row(key + values + tail)
        if updated:
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{_TEMP}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_TEMP} (id bigint, participants integer, marks_2 integer, marks_3 integer, "
                "marks_4 integer, marks_5 integer, marks_4_5 integer, confirmed integer, lowered integer, "
                "raised integer, below_min integer, high_scores integer, mean_score numeric, min_score integer) "
                "ON COMMIT DROP"
            )
            with raw.copy(f"COPY {_TEMP} (id, {', '.join(q(f) for f in VALUE_FIELDS)}) FROM STDIN") as copy:
                for _key, values, pk, _stored in updated:
                    copy.write_row((pk, *values))
            assignments = ", ".join(f"{q(f)} = t.{q(f)}" for f in VALUE_FIELDS)
            cursor.execute(
                f"UPDATE {result} AS r SET {assignments}, upload_id = %s, updated_at = %s FROM {_TEMP} AS t "
                "WHERE r.id = t.id",
                [upload_id, now],
            )
            cursor.execute(f"DROP TABLE pg_temp.{_TEMP}")
        if changes:
            user_id = user.pk if user is not None else None
            dumps = json.JSONEncoder(ensure_ascii=False).encode
            with raw.copy(
                f"COPY {change} (result_id, school_id, key, upload_id, user_id, before, after, changed_at) FROM STDIN"
            ) as copy:
                for pk, key, before, after in changes:
                    copy.write_row(
                        (pk, key[0], dumps(_change_key(key)), upload_id, user_id, dumps(before), dumps(after), now)
                    )


def upload_create(*, user, content: bytes, filename: str, dry_run: bool) -> Upload:
    """Keep the file and queue its processing; the request returns at once."""
    path = upload_store(content=content, filename=filename, folder="results")
    upload = Upload.objects.create(
        file=path,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        dry_run=dry_run,
        uploaded_by=user,
        municipality=getattr(user, "municipality", None),
    )
    return upload_enqueue(upload=upload, dry_run=dry_run, user=user)


UPLOAD_BUSY = "Файл уже в очереди или обрабатывается: дождитесь окончания."


class UploadBusy(Busy):
    default_message = UPLOAD_BUSY


def upload_enqueue(*, upload: Upload, dry_run: bool, user) -> Upload:
    """Queue (again) the processing of a stored upload; refused while a job of it is queued or running, so one file
    is never imported by two jobs at once."""
    from core.jobs import job_create, job_enqueue

    from .tasks import upload_process_task

    title = ("Проверка" if dry_run else "Загрузка") + f" результатов: {upload.filename}"
    with transaction.atomic():
        current = Upload.objects.select_for_update().get(pk=upload.pk)
        if current.job_id and current.status in (Upload.Status.PENDING, Upload.Status.RUNNING):
            raise UploadBusy
        job = job_create(
            kind="results_import",
            title=title,
            user=user,
            municipality=upload.municipality,
            params={"upload_id": upload.pk, "dry_run": dry_run},
        )
        Upload.objects.filter(pk=upload.pk).update(job=job, dry_run=dry_run, status=Upload.Status.PENDING)
        job_enqueue(job=job, task=upload_process_task, args=(upload.pk,))
    upload.refresh_from_db()
    return upload


def upload_process(*, upload: Upload, progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Read the stored file and import (or check) it; the upload row records the outcome and the error report."""
    from core.tables import TableError, table_read
    from core.uploads import upload_limits, upload_read

    from .models import ColumnMapping

    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.RUNNING)
    table: Table | None = None
    try:
        read = table_read(upload_read(upload.file), filename=upload.filename, limits=upload_limits())
    except TableError as exc:
        outcome = ImportOutcome(status="rejected", errors=[RowError(0, "", exc.message)])
    else:
        table = read
        if progress:
            progress(5)
        mapping = upload.mapping or (
            ColumnMapping.objects.filter(user=upload.uploaded_by).values_list("mapping", flat=True).first()
            if upload.uploaded_by_id
            else None
        )
        outcome = results_import(
            table=read,
            user=upload.uploaded_by,
            upload=upload,
            dry_run=upload.dry_run,
            mapping=mapping,
            progress=progress,
        )
    report = ""
    if outcome.status == "rejected" and table is not None:
        report = upload_store(
            content=error_report_xlsx(table, outcome.errors),
            filename=f"errors-{upload.pk}.xlsx",
            folder="results/errors",
        )
    Upload.objects.filter(pk=upload.pk).update(
        status=outcome.status,
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        errors=[e.as_dict() for e in outcome.errors],
        error_report=report,
    )
    return outcome


def mapping_save(*, user, mapping: dict[str, str]) -> None:
    """Remember a user's column names (their header → the contract's key) for their next uploads."""
    from .models import ColumnMapping

    valid = {c.key for c in COLUMNS}
    clean = {header: key for header, key in mapping.items() if key in valid}
    ColumnMapping.objects.update_or_create(user=user, defaults={"mapping": clean})
