"""Writes of the ШНОР lists: recompute (set-based, atomic), the rule's new versions, the official lists' import.

Writes: `risk_list_recompute`, `risk_rule_create`, `official_list_import`, `risk_recompute_after_import`.
Reads are in `selectors` (`risk_list`, `shnor_school_ids`, `shnor_list_sources`, `school_risk_history`), words and
rows in `formatting` (`risk_list_payload`, the contract's object; `export_rows`; `reason_text`).
"""

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Field
from django.dispatch import Signal
from django.utils import timezone

from core.audit import audit_log
from core.importing import REQUIRED_VALUE, Column, ImportOutcome, RowError, header_map
from core.jobs import job_create, job_enqueue
from core.models import AuditEvent, Job
from core.tables import Table, header_key
from core.years import year_valid
from schools.access import is_admin
from schools.kinds import list_kind_known_text, list_kind_label, list_kind_read
from schools.models import Municipality, Region, School, SchoolStatus, User

from ..normalize import year_read
from ..services import (  # noqa: F401  (the messages are the results import's: one matcher, one wording)
    NO_SCHOOL_COLUMN,
    SCHOOL_AMBIGUOUS,
    SCHOOL_NAME_MISMATCH,
    SCHOOL_OUT_OF_SCOPE,
    SCHOOL_UNKNOWN_CODE,
    SCHOOL_UNKNOWN_NAME,
    SchoolMatcher,
    school_of_row,
)
from .models import RiskRule, RiskRun
from .rule import SHNOR, RuleParams, rule_apply_sql

# Sent on commit after computed or official lists changed: year, municipality_ids (None: every municipality).
risk_list_changed = Signal()

Kind, Source, Level = SchoolStatus.Kind, SchoolStatus.Source, SchoolStatus.Level

# Official list import (contract 1.3): messages shown to the uploader.
BAD_YEAR = "Год «{value}» не распознан: напишите 2023."
YEAR_RANGE = "Год {year} вне допустимого диапазона 2000–2100."
UNKNOWN_LEVEL = "Уровень «{value}» не распознан: допустимо «сильно», «умеренно» или «базово неуспевающие»."
UNKNOWN_KIND = "Список «{value}» не распознан: допустимо {known}."
DUPLICATE_ROW = "Эта ОО уже есть в этом списке за этот год (строка {row})."
REGION_UNKNOWN = "Регион с кодом «{code}» не найден в вашей зоне доступа."
SCHOOL_OUTSIDE_REGION = (
    "ОО «{code}» не из региона «{region}»: при замене списка всего региона в файле могут быть только ОО этого региона."
)
REGION_COLUMN = "Регион"

OFFICIAL_COLUMNS = (
    Column("year", "Год", required=True),
    Column("school_code", "Код ОО"),
    Column("school_name", "Наименование ОО"),
    Column("level", "Уровень", synonyms=("Уровень результатов",)),
    Column("kind", "Список", synonyms=("list",)),
)
LEVEL_WORDS = {
    "сильно": Level.STRONG,
    "strong": Level.STRONG,
    "умеренно": Level.MODERATE,
    "moderate": Level.MODERATE,
    "базово": Level.BASIC,
    "basic": Level.BASIC,
}


def risk_rule_create(
    *,
    user: User,
    threshold: int,
    watch_threshold: int,
    procedures: list[dict],
    count_a: int,
    count_b: int,
    note: str = "",
) -> RiskRule:
    """A new version in force from now on; lists already computed keep the version they were computed with."""
    with transaction.atomic():
        latest = RiskRule.objects.select_for_update().order_by("-version").first()
        return RiskRule.objects.create(
            version=(latest.version if latest else 0) + 1,
            threshold=threshold,
            watch_threshold=watch_threshold,
            procedures=procedures,
            count_a=count_a,
            count_b=count_b,
            note=note,
            created_by=user,
        )


# ---------------------------------------------------------------------------------------------------------------------
# Recompute


def risk_list_recompute(
    *,
    year: int,
    municipality_ids: Iterable[int] | None = None,
    user: User | None = None,
    trigger: str = "manual",
    progress: Callable[[int], None] | None = None,
) -> list[RiskRun]:
    """Replace the computed ШНОР list and watch-list of `year` for the municipalities (None: all) in one transaction.

    A crash leaves the previous lists as they were. Recomputes are serialised on the rule row, so two of them for
    the same scope never interleave their delete and insert.
    """
    ids = None if municipality_ids is None else sorted(set(municipality_ids))
    started = time.monotonic()
    with transaction.atomic():
        rule = RiskRule.objects.select_for_update().latest("version")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the national aggregate hashes in memory instead of sorting on disk
                cursor.execute("SET LOCAL work_mem = '128MB'")
        if progress:
            progress(10)
        verdicts = rule_apply_sql(RuleParams.of(rule), year, municipality_ids=ids)
        if progress:
            progress(60)
        scope = SchoolStatus.objects.filter(year=year, source=Source.COMPUTED, kind__in=(Kind.SHNOR, Kind.WATCH))
        if ids is not None:
            scope = scope.filter(school__municipality_id__in=ids)
        previous = dict(scope.filter(kind=Kind.SHNOR).values_list("school_id", "rule_version"))
        # Set-based replace: no per-row history for computed rows (the run below records what changed).
        scope._raw_delete(scope.db)
        _statuses_write(year=year, version=rule.version, verdicts=verdicts)
        listed = {s for s, v in verdicts.items() if v.kind == SHNOR}
        watched = verdicts.keys() - listed
        changed = listed ^ previous.keys()
        schools = dict(School.objects.filter(pk__in=changed).values_list("pk", "code")) if changed else {}
        munis = (
            dict(School.objects.filter(pk__in=changed).values_list("pk", "municipality_id"))
            if changed and ids is not None
            else {}
        )
        elapsed = int((time.monotonic() - started) * 1000)

        def run(municipality_id: int | None, members: set[int]) -> RiskRun:
            def codes(group: set[int]) -> list[str]:
                return sorted(schools[s] for s in group if municipality_id is None or munis.get(s) == municipality_id)

            return RiskRun(
                year=year,
                municipality_id=municipality_id,
                rule_version=rule.version,
                previous_rule_versions=sorted({v for s, v in previous.items() if v is not None and s in members}),
                listed=len(listed & members),
                watch=len(watched & members),
                added=codes(listed - previous.keys()),
                removed=codes(previous.keys() - listed),
                duration_ms=elapsed,
                trigger=trigger,
                started_by=user if getattr(user, "pk", None) else None,
            )

        if ids is None:
            runs = [run(None, set(verdicts) | set(previous))]
        else:
            member_of = dict(
                School.objects.filter(pk__in=verdicts.keys() | previous.keys()).values_list("pk", "municipality_id")
            )
            by_muni: dict[int, set[int]] = defaultdict(set)
            for s, m in member_of.items():
                by_muni[m].add(s)
            runs = [run(m, by_muni.get(m, set())) for m in ids]
        RiskRun.objects.bulk_create(runs)
        transaction.on_commit(lambda: risk_list_changed.send(sender=RiskRun, year=year, municipality_ids=ids))
    if progress:
        progress(100)
    return runs


def _statuses_write(*, year: int, version: int, verdicts: dict) -> None:
    """Insert the computed statuses: COPY on PostgreSQL (a national list is tens of thousands of rows), else one
    executemany (bulk_create built a model instance per row; the values here are those it wrote). Neither path
    writes history rows: computed rows have none (the run records what changed)."""
    fields = ("school", "year", "kind", "source", "level", "reasons", "rule_version", "note", "created_at")
    q = connection.ops.quote_name
    columns = ", ".join(q(_column(f)) for f in fields)
    now = timezone.now()
    if connection.vendor != "postgresql":
        # What JSONField.get_db_prep_save writes, without its per-value preparation steps.
        encoder = SchoolStatus._meta.get_field("reasons").encoder
        adapt_json, created_at = connection.ops.adapt_json_value, connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {q(SchoolStatus._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",
                [
                    (
                        school_id,
                        year,
                        v.kind,
                        Source.COMPUTED,
                        "",
                        adapt_json({"criteria": v.criteria, "items": v.reasons}, encoder),
                        version,
                        "",
                        created_at,
                    )
                    for school_id, v in verdicts.items()
                ],
            )
        return
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {SchoolStatus._meta.db_table} ({columns}) FROM STDIN") as copy:
            for school_id, v in verdicts.items():
                reasons = json.dumps({"criteria": v.criteria, "items": v.reasons}, ensure_ascii=False)
                copy.write_row((school_id, year, v.kind, Source.COMPUTED, "", reasons, version, "", now))


def _column(name: str) -> str:
    field = SchoolStatus._meta.get_field(name)
    assert isinstance(field, Field) and field.column, name  # a concrete field: it has its column
    return field.column


def risk_recompute_enqueue(*, user: User, year: int, municipality: Municipality | None) -> Job:
    """Queue a recompute as a Job: one municipality; none given — every municipality for an admin, else the scope."""
    if municipality is not None:
        ids, title = [municipality.pk], f"Пересчёт списков ШНОР {year}: {municipality.name}"
    elif is_admin(user):
        ids, title = None, f"Пересчёт списков ШНОР {year}: все муниципалитеты"
    else:
        ids = list(Municipality.objects.visible_to(user).values_list("pk", flat=True))
        title = f"Пересчёт списков ШНОР {year}"
    job = job_create(
        kind="risk_recompute",
        title=title,
        user=user,
        municipality=municipality,
        params={"year": year, "municipality_ids": ids},
    )
    from .tasks import risk_recompute_task

    return job_enqueue(job=job, task=risk_recompute_task, args=(year, ids, user.pk))


def _debounce_key(municipality_id: int, year: int) -> str:
    return f"risk-recompute:{municipality_id}:{year}"


def risk_recompute_after_import(*, school_ids: Iterable[int], years: Iterable[int]) -> None:
    """After results of `years` changed: recompute the lists they feed (Y+1 and Y+2) per municipality, debounced.

    Each (municipality, year) gets a fresh token in the cache and a task delayed by RISK_RECOMPUTE_DEBOUNCE_SECONDS;
    a task whose token has been replaced by a later import exits, so a burst of imports recomputes once.
    """
    from .tasks import risk_recompute_debounced_many

    municipality_ids = set(School.objects.filter(pk__in=list(school_ids)).values_list("municipality_id", flat=True))
    targets = sorted({(m, y + k) for m in municipality_ids for y in set(years) for k in (1, 2)})

    def schedule() -> None:
        # One task per import for every (municipality, year) it touched: each pair keeps its own token (the
        # debounce), and the task recomputes the pairs still latest in one set-based pass per year.
        delay = settings.RISK_RECOMPUTE_DEBOUNCE_SECONDS
        batch = []
        for municipality_id, year in targets:
            token = uuid.uuid4().hex
            cache.set(_debounce_key(municipality_id, year), token, timeout=max(600, delay * 20))
            batch.append([year, municipality_id, token])
        if batch:
            risk_recompute_debounced_many.apply_async(args=(batch,), countdown=delay)

    transaction.on_commit(schedule)


def risk_recompute_if_latest_many(*, targets: Iterable[tuple[int, int, str]]) -> list[int]:
    """The batched debounced task's body: per year, one recompute of the municipalities whose token is still the
    latest (a later import replaced the others' and queued its own). Returns the years recomputed."""
    by_year: dict[int, list[int]] = {}
    for year, municipality_id, token in targets:
        if cache.get(_debounce_key(municipality_id, year)) == token:
            by_year.setdefault(year, []).append(municipality_id)
    with transaction.atomic():  # one commit: the indicators' recompute it triggers is scheduled once, not per year
        for year, ids in sorted(by_year.items()):
            risk_list_recompute(year=year, municipality_ids=sorted(ids), trigger="import")
    return sorted(by_year)


def risk_recompute_if_latest(*, year: int, municipality_id: int, token: str) -> bool:
    """The debounced task's body: recompute only when no later import has replaced the token."""
    if cache.get(_debounce_key(municipality_id, year)) != token:
        return False
    risk_list_recompute(year=year, municipality_ids=[municipality_id], trigger="import")
    return True


# ---------------------------------------------------------------------------------------------------------------------
# Official lists (contract 1.3)


@dataclass
class MunicipalityChange:
    """What an official list import does (or, in a dry run, would do) to one municipality's list of a year and kind."""

    code: str
    name: str
    year: int
    kind: str
    added: list[str] = field(default_factory=list)  # school codes
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    names: dict[str, str] = field(default_factory=dict)  # school code → short name, for people

    @property
    def kind_label(self) -> str:
        return list_kind_label(self.kind)

    def _labels(self, codes: list[str]) -> list[str]:
        return [f"{c} {self.names[c]}" if self.names.get(c) else c for c in codes]

    @property
    def added_labels(self) -> list[str]:
        return self._labels(self.added)

    @property
    def changed_labels(self) -> list[str]:
        return self._labels(self.changed)

    @property
    def removed_labels(self) -> list[str]:
        return self._labels(self.removed)

    def as_dict(self) -> dict:
        return {
            "municipality": self.code,
            "name": self.name,
            "year": self.year,
            "kind": self.kind,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


@dataclass
class OfficialImportOutcome(ImportOutcome):
    removed: int = 0
    region: str = ""  # the region code when the uploader replaced a whole region's list
    region_name: str = ""
    municipalities: list[MunicipalityChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            **super().as_dict(),
            "removed": self.removed,
            "region": self.region or None,
            "municipalities": [m.as_dict() for m in self.municipalities],
        }


def _level_read(value: str) -> str | None:
    key = header_key(value)
    if not key:
        return ""
    return next((level for word, level in LEVEL_WORDS.items() if key.startswith(word)), None)


def _kind_read(value: str) -> str | None:
    """The kind a row names (reference data, schools.kinds); an empty cell is ШНОР (contract 1.3)."""
    return Kind.SHNOR if not header_key(value) else list_kind_read(value)


def official_region(*, code: str, user: User | None) -> Region | None:
    """The region an uploader may replace a whole list of: one with a municipality in the uploader's scope."""
    municipalities = Municipality.objects.visible_to(user) if user is not None else Municipality.objects.all()
    return Region.objects.filter(code=code.strip(), pk__in=municipalities.values_list("region_id", flat=True)).first()


def official_list_validate(
    *, table: Table, user: User | None, region: Region | None = None
) -> tuple[dict[tuple[int, str], dict[int, str]], SchoolMatcher, list[RowError]]:
    """(year, kind) → {school id: level} when the whole file is clean; else the errors. With `region`, every school
    of the file must be of that region."""
    index, errors = header_map(table, OFFICIAL_COLUMNS)
    titles = {c.key: c.title for c in OFFICIAL_COLUMNS}
    if "school_code" not in index and "school_name" not in index:
        errors.append(RowError(table.header_row_number, titles["school_code"], NO_SCHOOL_COLUMN))
    schools = SchoolMatcher(user)
    if errors:
        return {}, schools, errors
    school_column = titles["school_code" if "school_code" in index else "school_name"]
    codes = {row[index["school_code"]].strip() for row in table.rows} if "school_code" in index else set()
    schools.look_outside(codes)
    lists: dict[tuple[int, str], dict[int, str]] = defaultdict(dict)
    seen: dict[tuple[int, int, str], int] = {}
    row_of_school: list[tuple[int, int]] = []
    for number, row in zip(table.row_numbers, table.rows):
        cell = {key: row[i].strip() for key, i in index.items()}

        def err(key: str, message: str) -> None:
            errors.append(RowError(number, titles[key], message))

        year = None
        if not cell.get("year"):
            err("year", REQUIRED_VALUE)
        else:
            year = year_read(cell["year"])
            if year is None:
                err("year", BAD_YEAR.format(value=cell["year"]))
            elif not year_valid(year):
                err("year", YEAR_RANGE.format(year=year))
                year = None
        level = _level_read(cell.get("level", ""))
        if level is None:
            err("level", UNKNOWN_LEVEL.format(value=cell["level"]))
        kind = _kind_read(cell.get("kind", ""))
        if kind is None:
            err("kind", UNKNOWN_KIND.format(value=cell["kind"], known=list_kind_known_text()))
        school_id = school_of_row(cell, schools, err)
        if school_id is not None:
            row_of_school.append((number, school_id))
        if year is None or level is None or kind is None or school_id is None:
            continue
        first = seen.setdefault((year, school_id, kind), number)
        if first != number:
            errors.append(RowError(number, school_column, DUPLICATE_ROW.format(row=first)))
            continue
        lists[(year, kind)][school_id] = level
    if region is not None and row_of_school:
        outside = dict(
            School.objects.filter(pk__in={s for _, s in row_of_school})
            .exclude(municipality__region=region)
            .values_list("pk", "code")
        )
        errors.extend(
            RowError(number, school_column, SCHOOL_OUTSIDE_REGION.format(code=outside[s], region=region.name))
            for number, s in row_of_school
            if s in outside
        )
        errors.sort(key=lambda e: e.row)
    if schools.out_of_scope and user is not None:
        audit_log(
            kind=AuditEvent.Kind.SCOPE_VIOLATION,
            user=user,
            what="official_list_import",
            school_codes=sorted(schools.out_of_scope)[:50],
        )
    return (dict(lists) if not errors else {}), schools, errors


def official_list_import(
    *, table: Table, user: User | None = None, region_code: str = "", dry_run: bool = False
) -> OfficialImportOutcome:
    """Whole or nothing. Each (year, list) in the file replaces that year's official list of that kind for the
    municipalities of the schools it names (with `region_code`: for every municipality of that region), only within
    the uploader's scope: another municipality's list is never touched. The outcome names, per municipality, what
    was (in a dry run: would be) added, changed and removed; every row written or removed keeps its history with
    the uploader as author."""
    region = None
    if region_code:
        region = official_region(code=region_code, user=user)
        if region is None:
            return OfficialImportOutcome(
                status="rejected", errors=[RowError(0, REGION_COLUMN, REGION_UNKNOWN.format(code=region_code))]
            )
    lists, _schools, errors = official_list_validate(table=table, user=user, region=region)
    if errors:
        return OfficialImportOutcome(status="rejected", errors=errors)
    outcome = OfficialImportOutcome(
        status="dry_run" if dry_run else "imported",
        region=region.code if region else "",
        region_name=region.name if region else "",
    )
    scope = School.objects.visible_to(user) if user is not None else School.objects.all()
    with transaction.atomic():
        for (year, kind), levels in sorted(lists.items()):
            if region is not None:
                replaced = scope.filter(municipality__region=region)
            else:
                replaced = scope.filter(
                    municipality_id__in=School.objects.filter(pk__in=list(levels)).values("municipality_id")
                )
            rows = SchoolStatus.objects.filter(year=year, kind=kind, source=Source.OFFICIAL, school__in=replaced)
            existing = {st.school_id: st for st in (rows if dry_run else rows.select_for_update())}
            about = {
                pk: (code, m, short or name)
                for pk, code, m, short, name in School.objects.filter(
                    pk__in=existing.keys() | levels.keys()
                ).values_list("pk", "code", "municipality_id", "short_name", "name")
            }
            changes: dict[int, MunicipalityChange] = {}
            for code, municipality_id, name in about.values():
                changes.setdefault(municipality_id, MunicipalityChange(code="", name="", year=year, kind=kind))
                changes[municipality_id].names[code] = name

            def change(
                school_id: int,
                about: dict[int, tuple[str, int, str]] = about,
                changes: dict[int, MunicipalityChange] = changes,
            ) -> MunicipalityChange:
                return changes[about[school_id][1]]

            for school_id, old in existing.items():
                if school_id not in levels:
                    change(school_id).removed.append(about[school_id][0])
                    outcome.removed += 1
                    if not dry_run:
                        old._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook, not a declared attribute
                        old.delete()
            for school_id, level in levels.items():
                st = existing.get(school_id)
                if st is not None and st.level == level:
                    change(school_id).unchanged += 1
                    outcome.unchanged += 1
                    continue
                if st is None:
                    st = SchoolStatus(school_id=school_id, year=year, kind=kind, source=Source.OFFICIAL)
                    change(school_id).added.append(about[school_id][0])
                    outcome.created += 1
                else:
                    change(school_id).changed.append(about[school_id][0])
                    outcome.updated += 1
                if not dry_run:
                    st.level = level
                    st._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook, not a declared attribute
                    st.save()
            for m in Municipality.objects.filter(pk__in=changes.keys()):
                changes[m.pk].code, changes[m.pk].name = m.code, m.name
            for c in changes.values():
                c.added.sort()
                c.changed.sort()
                c.removed.sort()
            outcome.municipalities.extend(changes.values())
        outcome.municipalities.sort(key=lambda c: (c.name, c.code, -c.year, c.kind))
        if dry_run:
            return outcome
        years = sorted({y for y, _ in lists})
        touched = sorted(
            Municipality.objects.filter(code__in={c.code for c in outcome.municipalities}).values_list("pk", flat=True)
        )
        audit_log(
            kind=AuditEvent.Kind.IMPORT,
            user=user,
            what="official_list",
            region=outcome.region,
            municipalities=sorted({c.code for c in outcome.municipalities}),
            created=outcome.created,
            updated=outcome.updated,
            removed=outcome.removed,
        )
        transaction.on_commit(
            lambda: [risk_list_changed.send(sender=SchoolStatus, year=y, municipality_ids=touched) for y in years]
        )
    return outcome


def official_changes_lines(outcome: OfficialImportOutcome) -> list[str]:
    """One line per municipality and list: «Район А (A01), ШНОР 2023: добавлено 1 (A-1), изменено 0, исключено 0,
    без изменений 2.» — the command's report of what an import did or a dry run would do."""

    def codes(items: list[str]) -> str:
        return f"{len(items)} ({', '.join(items)})" if items else "0"

    return [
        f"{c.name} ({c.code}), {c.kind_label} {c.year}: добавлено {codes(c.added)}, изменено {codes(c.changed)}, "
        f"исключено {codes(c.removed)}, без изменений {c.unchanged}."
        for c in outcome.municipalities
    ]
