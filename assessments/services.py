"""The results import (contract 1.2): read, map, validate every row, then write all rows in one transaction."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from core.audit import audit_log
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, error_report_xlsx, header_map
from core.models import AuditEvent
from core.tables import Table
from core.uploads import upload_store
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
    Column("participants", "Участников", required=True, synonyms=("Участники", "Количество участников", "Писали", "Кол-во участников")),
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
COUNT_KEYS = ("participants", "marks_2", "marks_3", "marks_4", "marks_5", "marks_4_5", "confirmed", "lowered",
              "raised", "below_min", "high_scores")

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


class _Schools:
    """The uploader's schools, found by code or by any of their names."""

    def __init__(self, user):
        visible = School.objects.visible_to(user) if user is not None else School.objects.all()
        rows = list(visible.values_list("pk", "code", "name", "short_name", "aliases"))
        self.by_code = {code: (pk, name, short) for pk, code, name, short, _ in rows}
        self.by_name: dict[str, set[int]] = {}
        self.names: dict[int, set[str]] = {}
        for pk, _code, name, short, aliases in rows:
            for text in (name, short, *(aliases or [])):
                if text:
                    self.by_name.setdefault(name_key(text), set()).add(pk)
                    self.names.setdefault(pk, set()).add(name_key(text))
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


def _row_values(number, cell, errors, schools: _Schools, subjects: _Subjects, minimums) -> tuple[Key, dict] | None:
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
            if procedure and grade not in GRADES[procedure]:
                allowed = ", ".join(str(g) for g in GRADES[procedure])
                err("grade", BAD_GRADE.format(grade=grade, procedure=Procedure(procedure).label, allowed=allowed))
    year = None
    if cell.get("year"):
        year = year_read(cell["year"])
        if year is None:
            err("year", BAD_YEAR.format(value=cell["year"]))
        elif not 2000 <= year <= 2100:
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

    school_id = _school_of_row(cell, schools, err)
    if len(errors) > start:
        return None
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


def _school_of_row(cell: dict, schools: _Schools, err) -> int | None:
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


def results_validate(
    *, table: Table, user=None, mapping: dict | None = None, progress: Callable[[int], None] | None = None
) -> tuple[dict[Key, dict], list[RowError]]:
    """Every row checked against the contract's rules; rows come back by key only when the whole file is clean."""
    index, errors = header_map(table, COLUMNS, mapping=mapping)
    if "school_code" not in index and "school_name" not in index:
        errors.append(RowError(table.header_row_number, TITLES["school_code"], NO_SCHOOL_COLUMN))
    if errors:
        return {}, errors
    schools, subjects = _Schools(user), _Subjects()
    minimums = {(m.subject_id, m.year): m.score for m in MinimumScore.objects.filter(procedure=Procedure.EGE)}
    rows: dict[Key, dict] = {}
    first_row: dict[Key, int] = {}
    items = list(index.items())
    if "school_code" in index:
        schools.look_outside({raw[index["school_code"]].strip() for raw in table.rows} - {""})
    total = len(table.rows) or 1
    for i, (number, raw) in enumerate(zip(table.row_numbers, table.rows)):
        if progress and i % 5000 == 0:
            progress(5 + int(60 * i / total))
        cell = {key: raw[col] for key, col in items}
        parsed = _row_values(number, cell, errors, schools, subjects, minimums)
        if parsed is None:
            continue
        key, values = parsed
        if key in first_row:
            errors.append(RowError(number, TITLES["school_code"], DUPLICATE_KEY.format(row=first_row[key])))
            continue
        first_row[key] = number
        rows[key] = values
    if schools.out_of_scope and user is not None:
        audit_log(kind=AuditEvent.Kind.SCOPE_VIOLATION, user=user, what="results_import",
                  school_codes=sorted(schools.out_of_scope)[:50])
    return rows, errors


def _existing(keys) -> dict[Key, Result]:
    school_ids = {k.school_id for k in keys}
    years = {k.year for k in keys}
    found = {}
    for result in Result.objects.filter(school_id__in=school_ids, year__in=years).only("pk", "school_id", "procedure", "subject_id", "grade", "year", *VALUE_FIELDS):
        found[Key(result.school_id, result.procedure, result.subject_id, result.grade, result.year)] = result
    return found


def _as_json(values: dict) -> dict:
    return {k: (str(v) if k == "mean_score" and v is not None else v) for k, v in values.items()}


def results_import(
    *, table: Table, user=None, upload: Upload | None = None, dry_run: bool = False, mapping: dict | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import a results table whole or not at all. Rows equal to what is stored are left untouched."""
    rows, errors = results_validate(table=table, user=user, mapping=mapping, progress=progress)
    if errors:
        return ImportOutcome(status="rejected", errors=errors)
    existing = _existing(rows.keys())
    created, updated = [], []
    for key, values in rows.items():
        current = existing.get(key)
        if current is None:
            created.append((key, values))
        elif any(getattr(current, f) != values[f] for f in VALUE_FIELDS):
            updated.append((current, values))
    outcome = ImportOutcome(
        status="dry_run" if dry_run else "imported",
        created=len(created), updated=len(updated), unchanged=len(rows) - len(created) - len(updated),
    )
    if dry_run or not (created or updated):
        return outcome
    if progress:
        progress(70)
    with transaction.atomic():
        Result.objects.bulk_create(
            [Result(school_id=k.school_id, procedure=k.procedure, subject_id=k.subject_id, grade=k.grade, year=k.year,
                    upload=upload, **v) for k, v in created],
            batch_size=2000,
        )
        changes = []
        for current, values in updated:
            before = {f: getattr(current, f) for f in VALUE_FIELDS if getattr(current, f) != values[f]}
            after = {f: values[f] for f in before}
            changes.append(ResultChange(
                result=current, school_id=current.school_id, upload=upload, user=user,
                key={"procedure": current.procedure, "subject_id": current.subject_id, "grade": current.grade,
                     "year": current.year},
                before=_as_json(before), after=_as_json(after),
            ))
            for f, v in values.items():
                setattr(current, f, v)
            current.upload = upload
        Result.objects.bulk_update([c for c, _ in updated], [*VALUE_FIELDS, "upload"], batch_size=1000)
        ResultChange.objects.bulk_create(changes, batch_size=2000)
        school_ids = sorted({k.school_id for k, _ in created} | {c.school_id for c, _ in updated})
        years = sorted({k.year for k, _ in created} | {c.year for c, _ in updated})
        transaction.on_commit(lambda: results_changed.send(sender=Result, school_ids=school_ids, years=years))
    return outcome


def upload_create(*, user, content: bytes, filename: str, dry_run: bool) -> Upload:
    """Keep the file and queue its processing; the request returns at once."""
    path = upload_store(content=content, filename=filename, folder="results")
    upload = Upload.objects.create(
        file=path, filename=filename[:255], sha256=hashlib.sha256(content).hexdigest(), size=len(content),
        dry_run=dry_run, uploaded_by=user, municipality=getattr(user, "municipality", None),
    )
    return upload_enqueue(upload=upload, dry_run=dry_run, user=user)


def upload_enqueue(*, upload: Upload, dry_run: bool, user) -> Upload:
    from core.jobs import job_create, job_enqueue

    from .tasks import upload_process_task

    title = ("Проверка" if dry_run else "Загрузка") + f" результатов: {upload.filename}"
    job = job_create(kind="results_import", title=title, user=user, municipality=upload.municipality,
                     params={"upload_id": upload.pk, "dry_run": dry_run})
    Upload.objects.filter(pk=upload.pk).update(job=job, dry_run=dry_run, status=Upload.Status.PENDING)
    upload.refresh_from_db()
    job_enqueue(job=job, task=upload_process_task, args=(upload.pk,))
    return upload


def upload_process(*, upload: Upload, progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Read the stored file and import (or check) it; the upload row records the outcome and the error report."""
    from core.tables import TableError, table_read
    from core.uploads import upload_limits, upload_read

    from .models import ColumnMapping

    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.RUNNING)
    try:
        table = table_read(upload_read(upload.file), filename=upload.filename, limits=upload_limits())
    except TableError as exc:
        outcome = ImportOutcome(status="rejected", errors=[RowError(0, "", exc.message)])
        table = None
    else:
        if progress:
            progress(5)
        mapping = upload.mapping or (
            ColumnMapping.objects.filter(user=upload.uploaded_by).values_list("mapping", flat=True).first()
            if upload.uploaded_by_id else None
        )
        outcome = results_import(table=table, user=upload.uploaded_by, upload=upload, dry_run=upload.dry_run,
                                 mapping=mapping, progress=progress)
    report = ""
    if outcome.status == "rejected" and table is not None:
        report = upload_store(content=error_report_xlsx(table, outcome.errors),
                              filename=f"errors-{upload.pk}.xlsx", folder="results/errors")
    Upload.objects.filter(pk=upload.pk).update(
        status=outcome.status, created=outcome.created, updated=outcome.updated, unchanged=outcome.unchanged,
        errors=[e.as_dict() for e in outcome.errors], error_report=report,
    )
    return outcome


def mapping_save(*, user, mapping: dict[str, str]) -> None:
    """Remember a user's column names (their header → the contract's key) for their next uploads."""
    from .models import ColumnMapping

    valid = {c.key for c in COLUMNS}
    clean = {header: key for header, key in mapping.items() if key in valid}
    ColumnMapping.objects.update_or_create(user=user, defaults={"mapping": clean})

