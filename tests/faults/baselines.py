"""Baselines of the fault tests: what a run that was never interrupted leaves, to compare the interrupted ones with."""

from django.db import transaction

from assessments.models import Result
from assessments.services import results_import
from core import tables
from tests.support.results_files import row, xlsx


def without_commit(build):
    """What `build()` leaves in the database, read inside its transaction and then rolled back: the baseline of a
    run that was never interrupted."""

    class Rollback(Exception):
        pass

    seen = {}
    try:
        with transaction.atomic():
            seen["value"] = build()
            raise Rollback
    except Rollback:
        return seen["value"]


RESULT_FIELDS = (
    "school__code",
    "procedure",
    "subject__code",
    "grade",
    "year",
    "participants",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "confirmed",
    "lowered",
    "raised",
)


def results_file() -> bytes:
    return xlsx(
        [
            row(code=code, subject=subject, grade=grade, year=year, m2=grade % 3, m3=10 - grade % 3)
            for code in ("A-1", "A-2")
            for subject in ("Русский язык", "Математика")
            for grade in (4, 5, 6, 7)
            for year in (2023, 2024)
        ]
    )


def results_stored() -> list[tuple]:
    return sorted(Result.objects.values_list(*RESULT_FIELDS))


def results_baseline(user, content: bytes) -> list[tuple]:
    table = tables.table_read(content, filename="r.xlsx")

    def run():
        assert results_import(table=table, user=user).status == "imported"
        return results_stored()

    return without_commit(run)
