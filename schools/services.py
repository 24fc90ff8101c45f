"""Writes to the registry and to people. Every import is whole or nothing."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, header_map
from core.tables import Table, header_key
from core.years import year_valid

from .models import Municipality, Region, Role, School, SchoolContext, User

REGISTRY_COLUMNS = (
    Column("region", "Регион", required=True),
    Column("municipality_code", "Код муниципалитета", required=True),
    Column("municipality", "Муниципалитет", required=True),
    Column("school_code", "Код ОО", required=True),
    Column("school_name", "Наименование ОО", required=True),
    Column("short_name", "Краткое наименование"),
    Column("school_type", "Тип ОО"),
    Column("settlement", "Населённый пункт"),
    Column("parent_code", "Код головной ОО"),
    Column("aliases", "Синонимы"),
    # The context columns (contract 1.1): the school in the year of `Год` (the current year when absent).
    Column("urban_rural", "Город/село", synonyms=("Город / село", "Местность")),
    Column("enrolment", "Обучающихся", synonyms=("Численность обучающихся", "Контингент")),
    Column("low_income_share", "Доля детей из малоимущих семей, %"),
    Column("sen_share", "Доля обучающихся с ОВЗ, %"),
    Column("non_native_share", "Доля не владеющих русским языком, %"),
    Column("resource_index", "Индекс образовательных ресурсов", synonyms=("ИОР",)),
    Column("year", "Год"),
)
CONTEXT_KEYS = SchoolContext.VALUE_FIELDS
SHARE_KEYS = ("low_income_share", "sen_share", "non_native_share")

UNKNOWN_TYPE = "Неизвестный тип ОО «{value}». Допустимо: {allowed}."
DUPLICATE_CODE = "Код ОО «{code}» уже встречается в строке {row}."
UNKNOWN_PARENT = "Головная ОО с кодом «{code}» не найдена ни в файле, ни в реестре."
OWN_PARENT = "ОО не может быть филиалом самой себя."
MUNICIPALITY_CONFLICT = "Муниципалитет с кодом «{code}» уже назван в строке {row} иначе: «{name}»."
MUNICIPALITY_REGION = "Муниципалитет «{code}» относится к другому региону: «{region}»."
TOO_LONG = "Слишком длинное значение (более {limit} символов)."
BAD_URBAN_RURAL = "«{value}» не распознано: напишите «город» или «село»."
BAD_ENROLMENT = "«{value}» — не целое неотрицательное число обучающихся."
BAD_SHARE = "«{value}» — не доля в процентах: число от 0 до 100 (десятичная часть через запятую или точку)."
BAD_INDEX = "«{value}» — не число (десятичная часть через запятую или точку)."
BAD_YEAR = "Год «{value}» не распознан: напишите 2023."
YEAR_RANGE = "Год {year} вне допустимого диапазона 2000–2100."
DUPLICATE_CODE_YEAR = "Код ОО «{code}» за {year} год уже встречается в строке {row}."

_URBAN_RURAL = {
    **{header_key(w): SchoolContext.Settlement.URBAN for w in ("город", "городская", "городской", "urban")},
    **{header_key(w): SchoolContext.Settlement.RURAL for w in ("село", "сельская", "сельский", "rural")},
}

_TYPE_ALIASES = {
    "средняяобщеобразовательнаяшкола": School.Type.SOSH,
    "основнаяобщеобразовательнаяшкола": School.Type.OOSH,
    "начальнаяобщеобразовательнаяшкола": School.Type.NOSH,
    "вечерняясменнаяшкола": School.Type.EVENING,
    "цо": School.Type.OTHER,
}


def _school_type(value: str) -> str | None:
    from core.tables import header_key

    key = header_key(value)
    for choice in School.Type:
        if header_key(choice.value) == key or header_key(choice.label) == key:
            return choice.value
    return _TYPE_ALIASES.get(key)


@dataclass
class _RegistryRow:
    number: int
    region: str
    municipality_code: str
    municipality: str
    code: str
    name: str
    short_name: str
    type: str
    settlement: str
    parent_code: str
    aliases: list[str]
    year: int = 0
    context: dict = field(default_factory=dict)  # the context columns the file has → the row's values (None: empty)


def _context_read(cell: dict[str, str], titles: dict[str, str], number: int) -> tuple[dict, list[RowError]]:
    """The row's context values, for the context columns the file has; an empty cell is unknown (None)."""
    from assessments.normalize import count_read, decimal_read

    values: dict = {}
    errors: list[RowError] = []
    for key in CONTEXT_KEYS:
        if key not in cell:
            continue
        text = cell[key]
        if key == "urban_rural":
            values[key] = _URBAN_RURAL.get(header_key(text), "" if not header_key(text) else None)
            if values[key] is None:
                errors.append(RowError(number, titles[key], BAD_URBAN_RURAL.format(value=text)))
        elif key == "enrolment":
            values[key], ok = count_read(text)
            if not ok:
                errors.append(RowError(number, titles[key], BAD_ENROLMENT.format(value=text)))
        else:
            number_value, ok = decimal_read(text.replace("%", ""))
            if ok and number_value is not None and key in SHARE_KEYS and not (0 <= number_value <= 100):
                ok = False
            if ok and number_value is not None and key == "resource_index" and abs(number_value) >= 10**5:
                ok = False
            if not ok:
                message = BAD_SHARE if key in SHARE_KEYS else BAD_INDEX
                errors.append(RowError(number, titles[key], message.format(value=text)))
            places = Decimal("0.01" if key in SHARE_KEYS else "0.0001")
            values[key] = number_value.quantize(places) if ok and number_value is not None else None
    return values, errors


def _year_read(text: str, title: str, number: int, default: int) -> tuple[int, list[RowError]]:
    from assessments.normalize import year_read

    if not text:
        return default, []
    year = year_read(text)
    if year is None:
        return default, [RowError(number, title, BAD_YEAR.format(value=text))]
    if not year_valid(year):
        return default, [RowError(number, title, YEAR_RANGE.format(year=year))]
    return year, []


def _registry_rows(table: Table) -> tuple[list[_RegistryRow], list[RowError]]:
    index, errors = header_map(table, REGISTRY_COLUMNS)
    if errors:
        return [], errors
    titles = {c.key: c.title for c in REGISTRY_COLUMNS}
    rows: list[_RegistryRow] = []
    seen_codes: dict[str, int] = {}
    seen_code_years: dict[tuple[str, int], int] = {}
    by_year = "year" in index  # a file with `Год` may hold a school once per year (its context's history)
    this_year = timezone.localdate().year
    seen_municipalities: dict[str, tuple[str, int]] = {}
    for number, values in zip(table.row_numbers, table.rows):
        cell = {key: values[i].strip() for key, i in index.items()}
        row_errors = [
            RowError(number, c.title, REQUIRED_VALUE) for c in REGISTRY_COLUMNS if c.required and not cell.get(c.key)
        ]
        for key, limit in (("school_name", 500), ("short_name", 200), ("settlement", 200), ("school_code", 30)):
            if len(cell.get(key, "")) > limit:
                row_errors.append(RowError(number, titles[key], TOO_LONG.format(limit=limit)))
        school_type = ""
        if cell.get("school_type"):
            school_type = _school_type(cell["school_type"]) or ""
            if not school_type:
                allowed = ", ".join(School.Type.values)
                row_errors.append(
                    RowError(
                        number, titles["school_type"], UNKNOWN_TYPE.format(value=cell["school_type"], allowed=allowed)
                    )
                )
        year, year_errors = _year_read(cell.get("year", ""), titles["year"], number, this_year)
        context, context_errors = _context_read(cell, titles, number)
        row_errors.extend(year_errors + context_errors)
        code = cell.get("school_code", "")
        if code and by_year and (code, year) in seen_code_years:
            first = seen_code_years[(code, year)]
            row_errors.append(
                RowError(number, titles["school_code"], DUPLICATE_CODE_YEAR.format(code=code, year=year, row=first))
            )
        elif code and not by_year and code in seen_codes:
            row_errors.append(
                RowError(number, titles["school_code"], DUPLICATE_CODE.format(code=code, row=seen_codes[code]))
            )
        elif code:
            seen_codes.setdefault(code, number)
            seen_code_years[(code, year)] = number
        m_code, m_name = cell.get("municipality_code", ""), cell.get("municipality", "")
        if m_code in seen_municipalities and seen_municipalities[m_code][0] != m_name:
            first_name, first_row = seen_municipalities[m_code]
            row_errors.append(
                RowError(
                    number,
                    titles["municipality"],
                    MUNICIPALITY_CONFLICT.format(code=m_code, row=first_row, name=first_name),
                )
            )
        elif m_code:
            seen_municipalities.setdefault(m_code, (m_name, number))
        if cell.get("parent_code") and cell["parent_code"] == code:
            row_errors.append(RowError(number, titles["parent_code"], OWN_PARENT))
        errors.extend(row_errors)
        aliases = [a.strip() for a in cell.get("aliases", "").split(";") if a.strip()]
        rows.append(
            _RegistryRow(
                number,
                cell.get("region", ""),
                m_code,
                m_name,
                code,
                cell.get("school_name", ""),
                cell.get("short_name", ""),
                school_type,
                cell.get("settlement", ""),
                cell.get("parent_code", ""),
                aliases,
                year,
                context,
            )
        )
    known_codes = set(seen_codes) | set(
        School.objects.filter(code__in={r.parent_code for r in rows if r.parent_code}).values_list("code", flat=True)
    )
    for r in rows:
        if r.parent_code and r.parent_code not in known_codes:
            errors.append(RowError(r.number, titles["parent_code"], UNKNOWN_PARENT.format(code=r.parent_code)))
    existing_m = {m.code: m for m in Municipality.objects.select_related("region").filter(code__in=seen_municipalities)}
    for r in rows:
        m = existing_m.get(r.municipality_code)
        if m and r.region and m.region.name != r.region:
            errors.append(
                RowError(r.number, titles["region"], MUNICIPALITY_REGION.format(code=m.code, region=m.region.name))
            )
    return rows, errors


def registry_import(*, table: Table, user=None, dry_run: bool = False) -> ImportOutcome:
    """Regions, municipalities and schools from a registry table (contract 1.1): all rows or none. The context
    columns are kept per school and year (`SchoolContext`, with history); the latest year's urban/rural and
    enrolment are also the school's current ones. A file with `Год` may name a school once per year: its
    registry fields are taken from its latest year's row."""
    all_rows, errors = _registry_rows(table)
    if errors:
        return ImportOutcome(status="rejected", errors=sorted(errors, key=lambda e: e.row))
    latest: dict[str, _RegistryRow] = {}
    for r in all_rows:
        if r.code not in latest or r.year > latest[r.code].year:
            latest[r.code] = r
    rows = list(latest.values())
    outcome = ImportOutcome(status="dry_run" if dry_run else "imported")
    existing = {
        s.code: s
        for s in School.objects.filter(code__in=[r.code for r in rows]).select_related("municipality", "parent")
    }
    contexts = {
        (c.school.code, c.year): c
        for c in SchoolContext.objects.filter(school__code__in=list(existing)).select_related("school")
    }
    context_changed = {r.code for r in all_rows if r.context and _context_changes(contexts.get((r.code, r.year)), r)}
    for r in rows:
        school = existing.get(r.code)
        if school is None:
            outcome.created += 1
        elif _school_changes(school, r) or r.code in context_changed:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    if dry_run:
        return outcome
    with transaction.atomic():
        regions = {}
        for name in {r.region for r in rows}:
            regions[name] = Region.objects.filter(name=name).first() or Region.objects.create(
                name=name, code=_next_region_code()
            )
        municipalities = {}
        for r in rows:
            if r.municipality_code in municipalities:
                continue
            m, created = Municipality.objects.get_or_create(
                code=r.municipality_code, defaults={"name": r.municipality, "region": regions[r.region]}
            )
            if not created and m.name != r.municipality:
                m.name = r.municipality
                m.save()
            municipalities[r.municipality_code] = m
        saved: dict[str, School] = {}
        for r in rows:  # parents are set in a second pass: a branch may come before its parent
            school = existing.get(r.code) or School(code=r.code)
            if school.pk is None or _school_changes(school, r):
                _school_fill(school, r, municipalities[r.municipality_code])
                school._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook
                school.save()
            saved[r.code] = school
        parents = {s.code: s for s in School.objects.filter(code__in={r.parent_code for r in rows if r.parent_code})}
        for r in rows:
            school = saved[r.code]
            parent = parents.get(r.parent_code) if r.parent_code else None
            if school.parent_id != (parent.pk if parent else None):
                school.parent = parent
                school.save(update_fields=["parent"])
        _contexts_write(all_rows, saved=saved, contexts=contexts, user=user)
    return outcome


def _context_changes(context: SchoolContext | None, r: _RegistryRow) -> bool:
    if context is None:
        return any(v not in (None, "") for v in r.context.values())
    return any(getattr(context, key) != value for key, value in r.context.items())


def _contexts_write(
    rows: list[_RegistryRow], *, saved: dict[str, School], contexts: dict[tuple[str, int], SchoolContext], user
) -> None:
    """Each row's context for its year (only the columns the file has; an empty cell clears the value); the
    school's current urban/rural and enrolment follow its latest year."""
    latest_year = {code: year for (code, year) in sorted(contexts)}
    for r in sorted((r for r in rows if r.context), key=lambda r: (r.code, r.year)):
        school = saved[r.code]
        context = contexts.get((r.code, r.year))
        if context is None:
            if not any(v not in (None, "") for v in r.context.values()):
                continue
            context = SchoolContext(school=school, year=r.year)
        elif not _context_changes(context, r):
            continue
        for key, value in r.context.items():
            setattr(context, key, value)
        context._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook
        context.save()
        if r.year >= latest_year.get(r.code, r.year):
            latest_year[r.code] = r.year
            current: dict[str, bool | int | None] = {}
            if "urban_rural" in r.context:
                current["is_rural"] = {"село": True, "город": False}.get(context.urban_rural)
            if "enrolment" in r.context:
                current["enrolment"] = context.enrolment
            if any(getattr(school, k) != v for k, v in current.items()):
                for k, v in current.items():
                    setattr(school, k, v)
                school._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook
                school.save(update_fields=list(current))


def _school_fill(school: School, r: _RegistryRow, municipality: Municipality) -> None:
    school.name, school.short_name, school.type = r.name, r.short_name, r.type
    school.settlement, school.aliases, school.municipality = r.settlement, r.aliases, municipality


def _school_changes(school: School, r: _RegistryRow) -> bool:
    parent_code = school.parent.code if school.parent is not None else ""
    return (
        school.name,
        school.short_name,
        school.type,
        school.settlement,
        list(school.aliases),
        school.municipality.code,
        parent_code,
    ) != (r.name, r.short_name, r.type, r.settlement, r.aliases, r.municipality_code, r.parent_code)


def _next_region_code() -> str:
    return str(Region.objects.count() + 1).zfill(2)


ROLE_SCOPE_MISSING = {
    Role.HEAD: "Для роли «{role}» нужен --municipality.",
    Role.METHODOLOGIST: "Для роли «{role}» нужен --municipality.",
    Role.SCHOOL_ADMIN: "Для роли «{role}» нужен --school.",
    Role.REGIONAL: "Для роли «{role}» нужен регион: укажите --municipality любого муниципалитета региона.",
}


UserInputError = ApplicationError  # the one application error, by its old name


def user_add(
    *,
    username: str,
    role: str,
    municipality_code: str = "",
    school_code: str = "",
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    region_code: str = "",
) -> User:
    """A user with one role and the scope that role needs (contract: add_user). A regional user or an API client
    may be given the region by its code instead of a municipality of it."""
    if role not in Role.values:
        raise UserInputError(f"Неизвестная роль «{role}». Допустимо: {', '.join(Role.values)}.")
    municipality = school = region = None
    if region_code:
        if role not in (Role.REGIONAL, Role.API_CLIENT):
            raise UserInputError("Регион указывается только для ролей regional и api_client.")
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise UserInputError(f"Регион с кодом «{region_code}» не найден.")
    if municipality_code:
        municipality = Municipality.objects.filter(code=municipality_code).select_related("region").first()
        if municipality is None:
            raise UserInputError(f"Муниципалитет с кодом «{municipality_code}» не найден.")
    if school_code:
        school = School.objects.filter(code=school_code).select_related("municipality__region").first()
        if school is None:
            raise UserInputError(f"ОО с кодом «{school_code}» не найдена.")
    if (role in (Role.HEAD, Role.METHODOLOGIST) and municipality is None) or (
        role == Role.REGIONAL and not (municipality or region)
    ):
        raise UserInputError(ROLE_SCOPE_MISSING[Role(role)].format(role=Role(role).label))
    if role == Role.SCHOOL_ADMIN and school is None:
        raise UserInputError(ROLE_SCOPE_MISSING[Role(role)].format(role=Role(role).label))
    if User.objects.filter(username=username).exists():
        raise UserInputError(f"Пользователь «{username}» уже существует.")
    user = User(username=username, role=role, first_name=first_name, last_name=last_name)
    if region is not None:
        user.region = region
    elif role == Role.REGIONAL and municipality is not None:  # checked above: a regional user has one or the other
        user.region = municipality.region
    elif role in (Role.HEAD, Role.METHODOLOGIST, Role.CURATOR, Role.API_CLIENT):
        user.municipality = municipality
        user.region = municipality.region if municipality else None
    if school is not None:
        user.school, user.municipality = school, school.municipality
        user.region = school.municipality.region
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise UserInputError("Пароль не подходит: " + " ".join(exc.messages)) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user
