"""Seed 003's district VPR 2020 table, as printed: the portal reads it, gets the same shares, and finds the
places where the document's own percentages cannot come from whole numbers of pupils."""

import csv
from decimal import Decimal

import pytest

from assessments.figures import figures_of_row
from assessments.models import Result
from assessments.services import results_import
from core.numbers import printed_share_counts, round1
from core.tables import Table
from demo import SEEDS_DIR as SEEDS

SUBJECTS = {
    "mathematics": "Математика",
    "russian_language": "Русский язык",
    "world_around_us": "Окружающий мир",
    "biology": "Биология",
    "history": "История",
    "geography": "География",
    "social_studies": "Обществознание",
    "physics": "Физика",
    "english": "Английский язык",
    "german": "Немецкий язык",
    "chemistry": "Химия",
}


def district_rows() -> list[dict]:
    path = SEEDS / "003_vpr_2020_district.csv"
    assert path.exists(), f"нет данных семян: {path}"
    return list(csv.DictReader(path.open(encoding="utf-8")))


def check_rows() -> dict[tuple, dict]:
    rows = csv.DictReader((SEEDS / "003_vpr_2020_checks.csv").open(encoding="utf-8"))
    return {(r["grade"], r["subject"]): r for r in rows}


def test_document_arithmetic_errors_are_found():
    """Percentages printed with two decimals that no whole count of participants gives."""
    impossible = set()
    for r in district_rows():
        if r["confirmed_lowered_unit"] != "pct":
            continue
        n = int(r["participants"])
        for column in ("confirmed_or_improved", "failed_pct"):
            if not printed_share_counts(r[column], n):
                impossible.add((r["grade"], r["subject"], column))
    assert impossible == {
        ("5", "mathematics", "confirmed_or_improved"),  # truncated instead of rounded, see the next test
        ("6", "russian_language", "confirmed_or_improved"),
        ("9", "social_studies", "failed_pct"),
    }


def test_truncated_percentage_is_recognised():
    """5th grade mathematics: 79.81 % is 261/327 = 79.816… truncated, not rounded (the digest's note)."""
    assert (printed_share_counts("79.81", 327), printed_share_counts("79.81", 327, truncated=True)) == ([], [261])


def _table() -> Table:
    """The district rows as one pseudo-school's results, with the counts the printed shares imply."""
    checks = check_rows()
    rows = []
    for r in district_rows():
        if r["confirmed_lowered_unit"] != "pct":
            continue
        n = int(r["participants"])
        failed = printed_share_counts(r["failed_pct"], n)
        if not failed:
            continue  # the document's own error: no count to import
        implied = checks[(r["grade"], r["subject"])]
        confirmed = implied["confirmed_count_implied"]
        lowered = implied["lowered_count_implied"]
        rows.append(
            [
                "D-1",
                "ВПР",
                SUBJECTS[r["subject"]],
                r["grade"],
                "2020",
                str(n),
                str(failed[0]),
                "",
                "",
                "",
                confirmed,
                lowered,
            ]
        )
    headers = [
        "Код ОО",
        "Процедура",
        "Предмет",
        "Класс",
        "Год",
        "Участников",
        "«2»",
        "«3»",
        "«4»",
        "«5»",
        "Подтвердили",
        "Понизили",
    ]
    return Table(
        headers=headers,
        rows=rows,
        row_numbers=list(range(2, len(rows) + 2)),
        header_row_number=1,
        sheet_name=None,
        kind="csv",
    )


@pytest.mark.django_db
def test_district_table_imports_and_reproduces_printed_shares(two_municipalities):
    from tests.factories import SchoolFactory

    SchoolFactory(code="D-1", municipality=two_municipalities["a"])
    outcome = results_import(table=_table())
    assert outcome.status == "imported", outcome.errors[:3]
    mismatches = []
    for r in district_rows():
        if r["confirmed_lowered_unit"] != "pct" or not printed_share_counts(r["failed_pct"], int(r["participants"])):
            continue
        result = Result.objects.get(grade=int(r["grade"]), subject__name=SUBJECTS[r["subject"]])
        shown = round1(figures_of_row(result)["share_2"])
        if shown != round1(Decimal(r["failed_pct"])):
            mismatches.append((r["grade"], r["subject"], shown, r["failed_pct"]))
    assert (outcome.created, mismatches) == (29, [])
