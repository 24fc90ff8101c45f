"""Staffing figures (counts where the teachers' names are not kept): written by those who record teachers, for a
school in their scope; the figures of a municipality as a whole by those who read the whole municipality."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from schools.access import whole_municipalities
from schools.models import Municipality, School

from ..models import STAFFING_SUBJECT_EXCEEDS, StaffingFigures, StaffingSubject
from .common import capability_require, record_save, school_scope_check

MUNICIPALITY_OUTSIDE_SCOPE = "Сводные данные муниципалитета «{municipality}» в целом вам недоступны: укажите ОО."

FIELDS = ("pedagogical_staff", "teachers_total", *StaffingFigures.PARTS, "source")


def _scope_check(user, *, municipality: Municipality | None, school: School | None) -> None:
    if school is not None:
        school_scope_check(user, school)
    elif municipality is not None and not whole_municipalities(user).filter(pk=municipality.pk).exists():
        raise ValidationError({"school": MUNICIPALITY_OUTSIDE_SCOPE.format(municipality=municipality)})


def staffing_save(
    *,
    year: int,
    teachers_total: int,
    school: School | None = None,
    municipality: Municipality | None = None,
    subjects: Iterable[dict] | None = None,
    figures: StaffingFigures | None = None,
    user,
    **fields,
) -> StaffingFigures:
    """Creates or updates a year's figures of a school (its municipality implied) or of a municipality as a whole;
    `subjects` (subject, teachers, qualified_category, pension_age, pd_completed) replace the rows by subject."""
    capability_require(user, "teachers.edit")
    if figures is not None:
        _scope_check(user, municipality=figures.municipality, school=figures.school)
    if school is not None:
        municipality = municipality or school.municipality
    if municipality is None:
        raise ValidationError({"municipality": "Укажите муниципалитет или ОО."})
    _scope_check(user, municipality=municipality, school=school)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown staffing fields: {sorted(unknown)}")
    with transaction.atomic():
        saved = record_save(
            figures or StaffingFigures(),
            {"municipality": municipality, "school": school, "year": year, "teachers_total": teachers_total, **fields},
        )
        if subjects is not None:
            saved.subjects.all().delete()
            for row in subjects:
                if (row.get("teachers") or 0) > saved.teachers_total:
                    raise ValidationError(
                        {
                            "teachers_total": STAFFING_SUBJECT_EXCEEDS.format(
                                value=row["teachers"], total=saved.teachers_total
                            )
                        }
                    )
                record_save(StaffingSubject(figures=saved), dict(row))
    return saved


def staffing_delete(*, figures: StaffingFigures, user) -> None:
    capability_require(user, "teachers.edit")
    _scope_check(user, municipality=figures.municipality, school=figures.school)
    figures.delete()
