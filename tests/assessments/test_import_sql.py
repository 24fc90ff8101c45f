"""The results import writes through two paths: COPY on PostgreSQL, executemany elsewhere.

Both must leave the same Result rows and the same ResultChange history for the same files. On PostgreSQL every
test runs over both paths (the portable one forced by replacing the COPY writer) and the paths are compared with
each other; on SQLite only the portable path exists and the same explicit expectations are checked on it.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Result, ResultChange, Upload
from core.tables import table_read
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.django_db

PATHS = ["portable", "postgresql"] if connection.vendor == "postgresql" else ["portable"]


@pytest.fixture(params=PATHS)
def path(request, monkeypatch):
    """The write path under test. On PostgreSQL, "portable" swaps the COPY writer for the executemany one."""
    if request.param == "portable" and connection.vendor == "postgresql":
        monkeypatch.setattr(services, "_write_postgresql", services._write_portable)
    return request.param


def _upload(name: str) -> Upload:
    return Upload.objects.create(file=f"results/{name}", filename=name, sha256="0" * 64, size=1)


def _import(rows, **kwargs):
    return services.results_import(table=table_read(xlsx(rows), filename="r.xlsx"), **kwargs)


def _ege(**kwargs):
    values = dict(
        procedure="ЕГЭ",
        subject="Русский язык",
        grade=11,
        m2="",
        m3="",
        m4="",
        m5="",
        confirmed="",
        lowered="",
        raised="",
        below_min=1,
        mean="68,5",
        high=2,
    )
    values.update(kwargs)
    return row(**values)


FIRST = [
    row(),
    row(grade=6, mean="4,2"),
    row(code="B-1", m2="", m3="-", m4="", m5="", confirmed="", lowered="", raised=""),
    _ege(),
    row(code="A-2", year="2022-2023", subject="МА", grade=7),
]
SECOND = [
    row(),  # unchanged
    row(grade=6, mean="4,25"),  # mean score changes (stored 4.20)
    row(code="B-1", m2=1, m3=9, m4=6, m5=4, confirmed="", lowered="", raised=""),  # unknown → known
    _ege(mean="", high=3),  # known → unknown, and a count
    row(code="A-2", year=2023, subject="Математика", grade=7, n=21, m3=9, lowered=4),  # same key, written otherwise
    row(code="A-2", grade=8),  # new
]


def _snapshot():
    results = sorted(
        Result.objects.values_list(
            "school__code", "procedure", "subject__code", "grade", "year", *services.VALUE_FIELDS, "upload__filename"
        )
    )
    changes = sorted(
        (
            c.result.school.code,
            c.school.code,
            c.result.procedure,
            c.result.subject.code,
            c.result.grade,
            c.result.year,
            sorted(c.key.items()),
            sorted(c.before.items()),
            sorted(c.after.items()),
            c.upload.filename if c.upload else None,
            c.user.username if c.user else None,
        )
        for c in ResultChange.objects.select_related("result__school", "result__subject", "school", "upload", "user")
    )
    return results, changes


def _run_both_files(user):
    first = _import(FIRST, upload=_upload("first.xlsx"), user=user)
    second = _import(SECOND, upload=_upload("second.xlsx"), user=user)
    again = _import(SECOND, upload=_upload("again.xlsx"), user=user)
    return [(o.status, o.created, o.updated, o.unchanged) for o in (first, second, again)]


def test_paths_write_the_same_rows_and_history(path, users, two_municipalities, monkeypatch):
    outcomes = _run_both_files(users["admin"])
    results, changes = _snapshot()

    # Explicit expectations (the only check on SQLite, where one path exists).
    assert outcomes == [("imported", 5, 0, 0), ("imported", 1, 4, 1), ("imported", 0, 0, 6)]
    assert len(results) == 6
    by_key = {r[:5]: dict(zip(services.VALUE_FIELDS, r[5:-1])) | {"upload": r[-1]} for r in results}
    assert by_key[("A-1", "VPR", "russian", 6, 2024)]["mean_score"] == Decimal("4.25")
    assert by_key[("A-1", "VPR", "russian", 6, 2024)]["upload"] == "second.xlsx"
    assert by_key[("A-1", "VPR", "russian", 5, 2024)]["upload"] == "first.xlsx"  # unchanged: not rewritten
    assert by_key[("A-1", "EGE", "russian", 11, 2024)] | {"upload": None} == {
        **dict.fromkeys(services.VALUE_FIELDS),
        "derived_from_shares": False,
        "data_warnings": "",
        "participants": 20,
        "below_min": 1,
        "high_scores": 3,
        "min_score": 24,
        "upload": None,
    }
    assert len(changes) == 4
    history = {c[2:6]: (dict(c[7]), dict(c[8]), c[9], c[10]) for c in changes}
    assert history[("VPR", "russian", 6, 2024)] == (
        {"mean_score": "4.20"},
        {"mean_score": "4.25"},
        "second.xlsx",
        "admin",
    )
    assert history[("EGE", "russian", 11, 2024)][:2] == (
        {"mean_score": "68.50", "high_scores": 2},
        {"mean_score": None, "high_scores": 3},
    )
    assert history[("VPR", "math", 7, 2023)][:2] == (
        {"participants": 20, "marks_3": 8, "lowered": 3},
        {"participants": 21, "marks_3": 9, "lowered": 4},
    )
    assert history[("VPR", "russian", 5, 2024)][:2] == (
        {"marks_2": None, "marks_3": None, "marks_4": None, "marks_5": None},
        {"marks_2": 1, "marks_3": 9, "marks_4": 6, "marks_5": 4},
    )
    assert all(c[0] == c[1] for c in changes)  # the history row's school is its result's

    if connection.vendor != "postgresql":
        return
    # PostgreSQL: the other path, on the same database, must leave exactly the same rows and history.
    ResultChange.objects.all().delete()
    Result.objects.all().delete()
    Upload.objects.all().delete()
    if path == "postgresql":
        monkeypatch.setattr(services, "_write_postgresql", services._write_portable)
    else:
        monkeypatch.undo()
    assert _run_both_files(users["admin"]) == outcomes
    assert _snapshot() == (results, changes)


def test_dry_run_writes_nothing_on_either_path(path, two_municipalities):
    _import(FIRST)
    before = _snapshot()
    outcome = _import(SECOND, dry_run=True)
    assert (outcome.status, outcome.created, outcome.updated, outcome.unchanged) == ("dry_run", 1, 4, 1)
    assert _snapshot() == before


def test_failed_write_leaves_nothing(path, two_municipalities, monkeypatch):
    """Whole or nothing also when the write fails half-way (the results written, the history not yet)."""
    _import(FIRST)
    before = _snapshot()

    def broken(key):
        raise RuntimeError("history")

    monkeypatch.setattr(services, "_change_key", broken)
    with pytest.raises(RuntimeError):
        _import(SECOND)
    assert _snapshot() == before


def _queries(rows):
    with CaptureQueriesContext(connection) as ctx:
        assert _import(rows).status == "imported"
    return [q["sql"] for q in ctx.captured_queries]


def _rows(n: int, *, changed: bool = False):
    """n distinct keys over three schools, procedures, subjects, grades and years."""
    out = []
    for i in range(n):
        code = ("A-1", "A-2", "B-1")[i % 3]
        grade = (4, 5, 6, 7, 8, 10)[(i // 3) % 6]
        subject = ("Русский язык", "Математика")[(i // 18) % 2]
        year = 2000 + i // 36
        out.append(
            row(
                code=code,
                grade=grade,
                subject=subject,
                year=year,
                n=21 if changed else 20,
                m3=9 if changed else 8,
                confirmed=16 if changed else 15,
            )
        )
    return out


def _writes(sql: list[str], table: str) -> int:
    """Statements that write `table` (an executemany is recorded once, as «N times: …»)."""
    return sum(1 for q in sql if q.split(" times: ", 1)[-1].startswith((f'INSERT INTO "{table}"', f'UPDATE "{table}"')))


@pytest.mark.parametrize("kind", ["create", "update"])
def test_query_count_does_not_grow_with_rows(path, two_municipalities, kind):
    """The same statements for 50 rows as for 500 on both paths: COPY on PostgreSQL, one executemany per statement
    elsewhere; the results table is written by exactly one of them."""
    counts = {}
    for n in (50, 500):
        ResultChange.objects.all().delete()
        Result.objects.all().delete()
        if kind == "update":
            _import(_rows(n))
        counts[n] = _queries(_rows(n, changed=kind == "update"))
    assert len(counts[50]) == len(counts[500]), (counts[50], counts[500])
    if path == "portable":
        assert [_writes(counts[n], "assessments_result") for n in (50, 500)] == [1, 1]
