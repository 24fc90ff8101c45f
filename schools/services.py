"""Writes to the registry and to people. Every import is whole or nothing."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import ApplicationError
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, header_map
from core.tables import Table

from .models import Municipality, Region, Role, School, User

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
)

UNKNOWN_TYPE = "Неизвестный тип ОО «{value}». Допустимо: {allowed}."
DUPLICATE_CODE = "Код ОО «{code}» уже встречается в строке {row}."
UNKNOWN_PARENT = "Головная ОО с кодом «{code}» не найдена ни в файле, ни в реестре."
OWN_PARENT = "ОО не может быть филиалом самой себя."
MUNICIPALITY_CONFLICT = "Муниципалитет с кодом «{code}» уже назван в строке {row} иначе: «{name}»."
MUNICIPALITY_REGION = "Муниципалитет «{code}» относится к другому региону: «{region}»."
TOO_LONG = "Слишком длинное значение (более {limit} символов)."

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


def _registry_rows(table: Table) -> tuple[list[_RegistryRow], list[RowError]]:
    index, errors = header_map(table, REGISTRY_COLUMNS)
    if errors:
        return [], errors
    titles = {c.key: c.title for c in REGISTRY_COLUMNS}
    rows: list[_RegistryRow] = []
    seen_codes: dict[str, int] = {}
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
        code = cell.get("school_code", "")
        if code and code in seen_codes:
            row_errors.append(
                RowError(number, titles["school_code"], DUPLICATE_CODE.format(code=code, row=seen_codes[code]))
            )
        elif code:
            seen_codes[code] = number
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
    """Regions, municipalities and schools from a registry table (contract 1.1): all rows or none."""
    rows, errors = _registry_rows(table)
    if errors:
        return ImportOutcome(status="rejected", errors=sorted(errors, key=lambda e: e.row))
    outcome = ImportOutcome(status="dry_run" if dry_run else "imported")
    existing = {s.code: s for s in School.objects.filter(code__in=[r.code for r in rows])}
    for r in rows:
        school = existing.get(r.code)
        if school is None:
            outcome.created += 1
        elif _school_changes(school, r):
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
                school.save()
            saved[r.code] = school
        parents = {s.code: s for s in School.objects.filter(code__in={r.parent_code for r in rows if r.parent_code})}
        for r in rows:
            school = saved[r.code]
            parent = parents.get(r.parent_code) if r.parent_code else None
            if school.parent_id != (parent.pk if parent else None):
                school.parent = parent
                school.save(update_fields=["parent"])
    return outcome


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
