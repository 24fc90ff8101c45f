"""Staffing by year: from the teachers' names where a school keeps them, else from its staffing figures (counts as
a document prints them); the figures of a municipality as a whole alongside. Each row says which it is."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from schools.models import School

from ..models import StaffingFigures, Teacher, employed_in_q

SOURCE_NAMES = "по списку педагогов"
SOURCE_FIGURES = "сводные данные"


@dataclass
class StaffingRow:
    year: int
    unit: str  # the school's name, or the municipality's «(в целом)»
    source: str  # names | figures
    teachers_total: int
    higher_education: int | None = None
    under_35: int | None = None
    over_55: int | None = None
    pension_age: int | None = None
    qualified_category: int | None = None
    figures: StaffingFigures | None = None
    subjects: list = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return SOURCE_NAMES if self.source == "names" else SOURCE_FIGURES


def staffing_list(*, user) -> QuerySet:
    """Staffing figures in scope (a school's, or a municipality's as a whole where the user sees it)."""
    return (
        StaffingFigures.objects.visible_to(user)
        .select_related("school", "municipality")
        .prefetch_related("subjects")
        .order_by("-year", "municipality__name", "school__short_name", "pk")
    )


def _named_counts(schools, year: int) -> dict[int, dict]:
    """Per school, its teachers employed in the year counted the way the figures are."""
    rows = (
        Teacher.objects.filter(school__in=schools)
        .filter(employed_in_q(year))
        .order_by()
        .values("school_id")
        .annotate(
            teachers_total=Count("pk"),
            higher_education=Count("pk", filter=Q(education__in=Teacher.HIGHER_EDUCATION)),
            under_35=Count("pk", filter=Q(age_band=Teacher.AgeBand.UNDER_35)),
            over_55=Count("pk", filter=Q(age_band=Teacher.AgeBand.OVER_55)),
            pension_age=Count("pk", filter=Q(pension_age=True)),
            qualified_category=Count("pk", filter=Q(category__in=[Teacher.Category.HIGHEST, Teacher.Category.FIRST])),
        )
    )
    return {r["school_id"]: {k: v for k, v in r.items() if k != "school_id"} for r in rows}


def staffing_by_year(*, user, years, school: School | None = None) -> list[StaffingRow]:
    """For each year (the asked ones and those with figures): each school in scope (or `school`) from its named
    teachers of the year where it has any, else from its figures; then the municipalities' figures as a whole (not
    with `school`). Queries: the figures, and one GROUP BY per year."""
    schools = School.objects.visible_to(user)
    if school is not None:
        schools = schools.filter(pk=school.pk)
    in_scope = staffing_list(user=user)
    if school is not None:
        in_scope = in_scope.filter(school=school)
    figures = list(in_scope)
    all_years = sorted({*years, *(f.year for f in figures)}, reverse=True)
    names = {s.pk: s.display_name for s in schools.only("pk", "name", "short_name")}
    rows: list[StaffingRow] = []
    for year in all_years:
        named = _named_counts(schools, year)
        for pk, counts in sorted(named.items(), key=lambda kv: names.get(kv[0], "")):
            rows.append(StaffingRow(year=year, unit=names.get(pk, ""), source="names", **counts))
        for f in figures:
            if f.year != year or (f.school_id is not None and f.school_id in named):
                continue
            unit = f.school.display_name if f.school else f"{f.municipality.name} (в целом)"
            rows.append(
                StaffingRow(
                    year=year,
                    unit=unit,
                    source="figures",
                    figures=f,
                    subjects=list(f.subjects.all()),
                    **{
                        k: getattr(f, k)
                        for k in (
                            "teachers_total",
                            "higher_education",
                            "under_35",
                            "over_55",
                            "pension_age",
                            "qualified_category",
                        )
                    },
                )
            )
    return rows
