"""The results import (contract 1.2): read, map, validate every row, then write all rows in one transaction."""

import dataclasses
import hashlib
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db import connection, transaction
from django.db.models import DecimalField, JSONField, Q
from django.utils import timezone

from core.audit import audit_log
from core.errors import Busy
from core.importing import (
    REQUIRED_VALUE,
    Column,
    ImportOutcome,
    RowError,
    error_report_xlsx,
    header_guess,
    header_map,
)
from core.models import AuditEvent
from core.tables import Table, gc_paused
from core.uploads import upload_store
from core.years import year_valid
from schools.models import School

from .models import (
    GRADES,
    SHARE_FIELDS,
    VALUE_FIELDS,
    MinimumScore,
    Procedure,
    Result,
    ResultChange,
    Subject,
    TerritoryLevel,
    TerritoryResult,
    Upload,
)
from .normalize import (
    UNKNOWN_LEVEL,
    count_read,
    decimal_read,
    is_unknown,
    level_read,
    name_key,
    procedure_read,
    year_read,
)
from .shares import (
    COUNT_WITHOUT_N,
    SHARE_KEYS,
    decimals_of,
    participation_warning,
    shares_apply,
)
from .signals import results_changed


def _pct(text: str) -> str:
    """Headers are matched without punctuation, so «%» is read as a word: «Подтвердили, %» (a share) is not
    «Подтвердили» (a count), «% 2» is not «2»."""
    return text.replace("%", " процент ")


_SHARE_TITLES: dict[str, str] = {}


def _share(key: str, title: str, *synonyms: str) -> Column:
    """A share's column: matched by its «%»-aware names only (its title as matched is `_pct(title)`), so that
    «Ниже минимума, %» never takes the count column «Ниже минимума»; errors name it by `title`."""
    _SHARE_TITLES[key] = title
    return Column(key, _pct(title), synonyms=tuple(_pct(x) for x in synonyms))


COLUMNS = (
    Column("school_code", "Код ОО", synonyms=("Код школы", "Код организации", "Логин ОО")),
    Column("school_name", "Наименование ОО", synonyms=("ОО", "Школа", "Образовательная организация", "Наименование")),
    Column("level", "Уровень", synonyms=("Уровень данных", "Территория")),
    Column("municipality_code", "Код муниципалитета", synonyms=("Код МО", "Код района", "Код АТЕ")),
    Column("region", "Регион", synonyms=("Код региона", "Субъект РФ", "Субъект")),
    Column("procedure", "Процедура", required=True, synonyms=("Оценочная процедура", "Вид процедуры")),
    Column("subject", "Предмет", required=True, synonyms=("Учебный предмет",)),
    Column("grade", "Класс", required=True, synonyms=("Параллель",)),
    Column("year", "Год", required=True, synonyms=("Учебный год",)),
    Column(
        "participants",
        "Участников",
        synonyms=(
            "Участники",
            "Количество участников",
            "Писали",
            "Кол-во участников",
            "Количество участников ВПР",
            "Число участников",
        ),
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
    Column("mean_score", "Средний балл", synonyms=("Средний тестовый балл", "Средний первичный балл")),
    Column("high_scores", "Высокие баллы", synonyms=("81–100 баллов", "От 81 до 100 баллов")),
    # Shares instead of counts (contract 1.2), with the headers the sources print.
    _share(
        "share_2",
        "Доля «2», %",
        "% 2",
        "% «2»",
        "Доля 2",
        "Доля «2»",
        "% двоек",
        "Доля двоек",
        "Не справились, %",
        "Не справились с работой, %",
        "Не справились с работой (%)",
        "Неудовлетворительно, %",
    ),
    _share("success", "Успеваемость, %", "Успеваемость", "Справились, %", "Успеваемость (%)", "Освоение, %"),
    _share(
        "quality",
        "Качество, %",
        "Качество",
        "Качество знаний, %",
        "Качество знаний",
        "% «4» и «5»",
        "% 4 и 5",
        "Доля «4» и «5», %",
        "Качество знаний (%)",
    ),
    _share(
        "share_high",
        "Доля «5», %",
        "Доля высоких, %",
        "% «5»",
        "% 5",
        "% высоких",
        "Доля 5",
        "Доля высоких баллов, %",
        "Доля высоких результатов, %",
    ),
    _share("objectivity", "Подтвердили, %", "% подтвердили", "Подтвердили отметку, %", "Подтвердили (%)"),
    _share(
        "lowered_share",
        "Понизили, %",
        "% понизили",
        "Понизили отметку, %",
        "Понизили (%)",
        "Понизили результат школьной оценки, %",
        "Понизили результат школьной оценки (%)",
    ),
    _share("raised_share", "Повысили, %", "% повысили", "Повысили отметку, %", "Повысили (%)"),
    _share(
        "confirmed_raised_share",
        "Подтвердили и повысили, %",
        "Подтвердили и улучшили, %",
        "Подтвердили и улучшили школьную оценку, %",
        "Подтвердили и улучшили школьную оценку (%)",
    ),
    _share(
        "below_min_share",
        "Ниже минимума, %",
        "% ниже минимума",
        "Доля ниже минимума, %",
        "Не преодолели минимальный порог, %",
    ),
    _share("participation_share", "% участия", "Доля участия, %", "Участие, %"),
    Column(
        "eligible",
        "Подлежали участию",
        synonyms=(
            "Всего обучающихся",
            "Всего обучающихся, подлежащих участию в ВПР",
            "Всего обучающихся в ОО района, подлежащих участию в ВПР",
        ),
    ),
)
EXTENDED_KEYS = frozenset({"level", "municipality_code", "region", "eligible", *SHARE_KEYS})
"""Columns the fast path does not read: a file with any of them is checked row by row (such files are small)."""
TITLES = {c.key: _SHARE_TITLES.get(c.key, c.title) for c in COLUMNS}
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
DUPLICATE_KEY = "Эта же строка (ОО или территория, процедура, предмет, класс, год) уже есть в строке {row}."


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


@dataclass(frozen=True)
class TerritoryKey:
    level: str  # TerritoryLevel
    territory_id: int  # a municipality's or a region's id
    procedure: str
    subject_id: int
    grade: int
    year: int


MUNICIPALITY_REQUIRED = "Для строки уровня «муниципалитет» укажите «Код муниципалитета»."
REGION_REQUIRED = "Для строки уровня «регион» укажите «Регион» (код или название)."
MUNICIPALITY_UNKNOWN = "Муниципалитета с кодом «{code}» нет среди муниципалитетов вашей зоны доступа."
REGION_UNKNOWN = "Регион «{value}» не найден среди регионов вашей зоны доступа."


class _Territories:
    """The municipalities and regions a user may load whole-territory rows for: those of their scope."""

    def __init__(self, user):
        from schools.access import whole_municipalities
        from schools.models import Municipality, Region

        # Only whoever reads a whole municipality may state its total (a school's staff may not).
        municipalities = Municipality.objects.all() if user is None else whole_municipalities(user)
        rows = list(municipalities.values_list("pk", "code", "region_id"))
        self.municipalities = {code: pk for pk, code, _ in rows}
        region_ids = {region for *_, region in rows}
        regions = Region.objects.all() if user is None else Region.objects.filter(pk__in=region_ids)
        self.regions: dict[str, int] = {}
        for pk, code, name in regions.values_list("pk", "code", "name"):
            self.regions[name_key(code)] = pk
            self.regions[name_key(name)] = pk
        self.region_of = {pk: region for pk, _, region in rows}


def _row_values(
    number, cell, errors, schools: SchoolMatcher, subjects: _Subjects, minimums, territories: _Territories | None = None
) -> tuple[Key | TerritoryKey, dict] | None:
    """Validate one row; append its errors; return its key and values when it is clean."""
    start = len(errors)

    def err(column: str, message: str):
        errors.append(RowError(number, TITLES[column], message))

    level = level_read(cell.get("level", ""))
    if level is None:
        err("level", UNKNOWN_LEVEL.format(value=cell["level"]))
    for key in ("procedure", "subject", "grade", "year"):
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
    shares: dict = {}
    decimals: dict = {}
    for key in SHARE_KEYS:
        text = cell.get(key, "")
        share, ok = decimal_read(text)
        if not ok:
            err(key, NOT_A_NUMBER.format(value=text))
        elif share is not None:
            shares[key], decimals[key] = share, decimals_of(text)
    eligible, ok = count_read(cell.get("eligible", ""))
    if not ok:
        err("eligible", NOT_A_COUNT.format(value=cell["eligible"]))
    if values["participants"] is None and is_unknown(cell.get("participants", "")):
        # Without n a row may carry shares (and a territory's row its mean score alone), never counts.
        written = {k for k in SHARE_KEYS if not is_unknown(cell.get(k, ""))} - {"participation_share"}
        by_shares = bool(written) or (level not in ("school", None) and mean is not None)
        if not by_shares:
            err("participants", REQUIRED_VALUE)
        elif any(values[k] is not None for k in COUNT_KEYS[1:]):
            err("participants", COUNT_WITHOUT_N)
    _check_counts(values, procedure, err)
    warnings = shares_apply(values, shares, decimals, procedure, err, TITLES) if shares else []
    if "participation_share" in shares:
        warning = participation_warning(
            eligible, values["participants"], shares["participation_share"], decimals["participation_share"]
        )
        if warning:
            warnings.append(warning)
    values.setdefault("derived_from_shares", False)
    for field in SHARE_FIELDS:
        values[field] = shares.get(field)
    values["data_warnings"] = "\n".join(warnings)

    territory: tuple[str, int] | None = None
    school_id = None
    if level == "school":
        school_id = school_of_row(cell, schools, err)
    elif level is not None:
        territory = territory_of_row(level, cell, territories or _Territories(None), err)
    if len(errors) > start:
        return None
    # No error reported: every part of the key was read (an unread part always reports one).
    assert procedure is not None and subject is not None and grade is not None and year is not None
    values["min_score"] = minimums.get((subject.pk, year)) if procedure == Procedure.EGE else None
    if territory is not None:
        return TerritoryKey(territory[0], territory[1], procedure, subject.pk, grade, year), values
    assert school_id is not None
    return Key(school_id, procedure, subject.pk, grade, year), values


def territory_of_row(level: str, cell: dict, territories: _Territories, err) -> tuple[str, int] | None:
    if level == TerritoryLevel.MUNICIPALITY:
        code = cell.get("municipality_code", "").strip()
        if not code:
            err("municipality_code", MUNICIPALITY_REQUIRED)
            return None
        pk = territories.municipalities.get(code)
        if pk is None:
            err("municipality_code", MUNICIPALITY_UNKNOWN.format(code=code))
            return None
        return TerritoryLevel.MUNICIPALITY.value, pk  # plain str: the enum member hashes by its name
    value = cell.get("region", "").strip()
    if not value:
        err("region", REGION_REQUIRED)
        return None
    region = territories.regions.get(name_key(value))
    if region is None:
        err("region", REGION_UNKNOWN.format(value=value))
        return None
    return TerritoryLevel.REGION.value, region


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
) -> tuple[dict[Key | TerritoryKey, dict], list[RowError]]:
    """Every row checked against the contract's rules; rows come back by key only when the whole file is clean:
    a school's row by its Key, a whole territory's (contract 1.2, «Уровень») by its TerritoryKey."""
    rows, errors, territory_rows = _rows_read(table=table, user=user, mapping=mapping, progress=progress)
    out: dict[Key | TerritoryKey, dict] = {Key(*key): dict(zip(VALUE_FIELDS, v)) for key, v in rows.items()}
    out.update({TerritoryKey(*key): dict(zip(VALUE_FIELDS, v)) for key, v in territory_rows.items()})
    return out, errors


def _percent_headers(table: Table) -> Table:
    """The table with «%» in its headers read as a word (see `_pct`), for header matching only."""
    if not any("%" in h for h in table.headers):
        return table
    return dataclasses.replace(table, headers=[_pct(h) for h in table.headers])


def _rows_read(
    *, table: Table, user, mapping: dict | None, progress: Callable[[int], None] | None
) -> tuple[dict[tuple, tuple], list[RowError], dict[tuple, tuple]]:
    """`results_validate` as plain tuples: (school_id, procedure, subject_id, grade, year) → values in VALUE_FIELDS
    order (COUNT_KEYS, mean_score, min_score).

    The table is read column by column: each distinct text of a column is read once (memoised), and a row whose
    cells all read clean and whose counts add up is accepted without building any message. Every other row goes
    through `_row_values`, which checks it from scratch and words its errors, so the errors are exactly those of a
    row-by-row check."""
    index, errors = header_map(
        _percent_headers(table), COLUMNS, mapping={_pct(h): k for h, k in (mapping or {}).items()}
    )
    if "school_code" not in index and "school_name" not in index and "level" not in index:
        errors.append(RowError(table.header_row_number, TITLES["school_code"], NO_SCHOOL_COLUMN))
    if errors:
        return {}, errors, {}
    territory_rows: dict[tuple, tuple] = {}
    territories = _Territories(user) if "level" in index else None
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
    if total and all(len(raw) == width for raw in table.rows) and not EXTENDED_KEYS & index.keys():
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
                values = (n, *counts, mean, minimums.get((subject_id, year)) if procedure == ege else None, *_NO_SHARES)
                parsed = key, values
        target = rows
        if parsed is None:
            cell = {key: raw[c] for key, c in items}
            checked = _row_values(number, cell, errors, schools, subjects, minimums, territories)
            if checked is None:
                continue
            k, v = checked
            if isinstance(k, TerritoryKey):
                target = territory_rows
            parsed = dataclasses.astuple(k), tuple(v[f] for f in VALUE_FIELDS)
        key, values = parsed
        first = first_row.setdefault(key, number)
        if first != number:
            where = TITLES["school_code"] if target is rows else TITLES["level"]
            errors.append(RowError(number, where, DUPLICATE_KEY.format(row=first)))
            continue
        target[key] = values
    if schools.out_of_scope and user is not None:
        audit_log(
            kind=AuditEvent.Kind.SCOPE_VIOLATION,
            user=user,
            what="results_import",
            school_codes=sorted(schools.out_of_scope)[:50],
        )
    return rows, errors, territory_rows


_NO_SHARES = (None,) * len(SHARE_FIELDS) + (False, "")
"""The share fields, derived_from_shares and data_warnings of a row given in counts only (the fast path)."""
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
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


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
        outcome, created, updated, territory = _results_plan(
            table=table, user=user, dry_run=dry_run, mapping=mapping, progress=progress
        )
    if outcome.status != "imported":
        return outcome
    if territory:
        with transaction.atomic():
            _write_territory(territory, upload=upload, user=user)
            # What reads a territory's row (an indicator of its municipality without school rows) is recomputed
            # as after any import: the signal names the territories' schools.
            municipality_ids = {k[1] for k, *_ in territory if k[0] == TerritoryLevel.MUNICIPALITY}
            region_ids = {k[1] for k, *_ in territory if k[0] == TerritoryLevel.REGION}
            territory_schools = sorted(
                School.objects.filter(
                    Q(municipality_id__in=municipality_ids) | Q(municipality__region_id__in=region_ids)
                ).values_list("pk", flat=True)
            )
            territory_years = sorted({k[5] for k, *_ in territory})
            transaction.on_commit(
                lambda: results_changed.send(
                    sender=TerritoryResult, school_ids=territory_schools, years=territory_years
                )
            )
    if not (created or updated):
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


def _results_plan(*, table, user, dry_run, mapping, progress) -> tuple[ImportOutcome, list, list, list]:
    """The outcome, the rows to create [(key, values)] and to update [(key, values, pk, stored values)], and the
    territories' rows to write [(key, values, stored instance or None)] (new or changed only)."""
    rows, errors, territory_rows = _rows_read(table=table, user=user, mapping=mapping, progress=progress)
    if errors:
        return ImportOutcome(status="rejected", errors=errors), [], [], []
    territory = _territory_plan(territory_rows)
    existing = _existing(rows.keys())
    created: list[tuple[tuple, tuple]] = []
    updated: list[tuple[tuple, tuple, int, tuple]] = []
    for key, values in rows.items():
        current = existing.get(key)
        if current is None:
            created.append((key, values))
        elif current[1] != values:
            updated.append((key, values, *current))
    t_created = sum(1 for *_, stored in territory if stored is None)
    outcome = ImportOutcome(
        status="dry_run" if dry_run else "imported",
        created=len(created) + t_created,
        updated=len(updated) + len(territory) - t_created,
        unchanged=len(rows) - len(created) - len(updated) + len(territory_rows) - len(territory),
    )
    return outcome, created, updated, territory


def _territory_plan(territory_rows: dict[tuple, tuple]) -> list[tuple[tuple, tuple, TerritoryResult | None]]:
    """The territories' rows that are new or differ from what is stored, with the stored row (None: new)."""
    if not territory_rows:
        return []
    stored: dict[tuple, TerritoryResult] = {}
    years = {k[5] for k in territory_rows}
    for row in TerritoryResult.objects.filter(year__in=years):
        territory_id = row.municipality_id if row.level == TerritoryLevel.MUNICIPALITY else row.region_id
        stored[(row.level, territory_id, row.procedure, row.subject_id, row.grade, row.year)] = row
    plan = []
    for key, values in territory_rows.items():
        current = stored.get(key)
        if current is None or tuple(getattr(current, f) for f in VALUE_FIELDS) != values:
            plan.append((key, values, current))
    return plan


def _write_territory(plan, *, upload, user) -> None:
    """Few rows (a territory per procedure): saved one by one, so each keeps its history (django-simple-history)."""
    from schools.models import Municipality

    region_of = dict(
        Municipality.objects.filter(pk__in={k[1] for k, *_ in plan if k[0] == TerritoryLevel.MUNICIPALITY}).values_list(
            "pk", "region_id"
        )
    )
    for key, values, current in plan:
        level, territory_id, procedure, subject_id, grade, year = key
        row: TerritoryResult = current or TerritoryResult(
            level=level,
            municipality_id=territory_id if level == TerritoryLevel.MUNICIPALITY else None,
            region_id=region_of[territory_id] if level == TerritoryLevel.MUNICIPALITY else territory_id,
            procedure=procedure,
            subject_id=subject_id,
            grade=grade,
            year=year,
        )
        for field, value in zip(VALUE_FIELDS, values):
            setattr(row, field, value)
        row.upload = upload
        row._history_user = user  # type: ignore[attr-defined]  # django-simple-history reads it: the author
        row.save()


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
    decimal_at = [
        (i, field)
        for i, name in enumerate(VALUE_FIELDS)
        if isinstance(field := Result._meta.get_field(name), DecimalField)
    ]

    def adapted(values: tuple) -> tuple:
        if all(values[i] is None for i, _ in decimal_at):
            return values
        out = list(values)
        for i, field in decimal_at:
            if out[i] is not None:
                out[i] = ops.adapt_decimalfield_value(out[i], field.max_digits, field.decimal_places)
        return tuple(out)

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
                "raised integer, below_min integer, high_scores integer, mean_score numeric, min_score integer, "
                "share_2 numeric, success numeric, quality numeric, share_high numeric, objectivity numeric, "
                "lowered_share numeric, below_min_share numeric, derived_from_shares boolean, data_warnings text) "
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


def mapping_guess(headers: list[str]) -> list[tuple[str, bool] | None]:
    """For each header of a results file: the contract column it is or, marked as a guess, most looks like."""
    return header_guess([_pct(h) for h in headers], COLUMNS)


def mapping_save(*, user, mapping: dict[str, str]) -> None:
    """Remember a user's column names (their header → the contract's key) for their next uploads."""
    from .models import ColumnMapping

    valid = {c.key for c in COLUMNS}
    clean = {header: key for header, key in mapping.items() if key in valid}
    ColumnMapping.objects.update_or_create(user=user, defaults={"mapping": clean})
