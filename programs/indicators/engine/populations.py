"""School sets and populations: which schools a measure is taken over (see «Whose schools» and «ШНОР of Y» in the
engine's doc). `Population` is the one owner of the rule; `indicator_population` resolves it for an indicator and a
year, `municipality_population` for a municipality's support."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from assessments.risk.selectors import shnor_school_ids
from programs.models import ProgramParticipant
from schools.models import School, SchoolStatus

Kind, Source = SchoolStatus.Kind, SchoolStatus.Source

LIST_CHOICES = {
    "official_first": "официальный список, где он загружен, иначе расчёт портала",
    "official": "только официальный список",
    "computed": "только расчёт портала",
}
SCHOOLS_CHOICES = {
    "target": "ШНОР и ШНСУ года",
    "shnor": "ШНОР года",
    "all": "все ОО муниципалитета",
}


def _shnor_ids(year: int, municipality_ids, mode: str):
    if mode == "official_first":
        return shnor_school_ids(year=year, municipality_ids=municipality_ids)
    qs = SchoolStatus.objects.filter(
        year=year, kind=Kind.SHNOR, source=Source.OFFICIAL if mode == "official" else Source.COMPUTED
    )
    if municipality_ids is not None:
        qs = qs.filter(school__municipality_id__in=municipality_ids)
    return qs.values_list("school_id", flat=True)


def school_set(kind: str, year: int, municipality_ids, *, list_mode: str = "official_first"):
    """A School queryset: all active schools and branches, ШНОР of the year, or target schools (ШНОР or ШНСУ)."""
    qs = School.objects.all()
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    if kind == "all":
        return qs.filter(is_active=True)
    shnor = Q(pk__in=_shnor_ids(year, municipality_ids, list_mode))
    if kind == "shnor":
        return qs.filter(shnor)
    shnsu = SchoolStatus.objects.filter(year=year, kind=Kind.SHNSU).values("school_id")
    return qs.filter(shnor | Q(pk__in=shnsu))


POPULATION_KEY = "_population"  # where a recompute passes the population to a measure, beside its params
SET_LABELS = {"target": "ШНОР и ШНСУ", "shnor": "ШНОР"}


@dataclass(frozen=True)
class Population:
    """Whose schools a measure over a school set is taken over (contract §3 «Whose schools»).

    `participants`: the participants of `year` of `program_ids` (at most one programme per municipality); the lists:
    the set kind asked for by the measure («target», «shnor») on the list of `year`."""

    kind: str  # participants | list_of_year | list_of_base_year
    year: int
    program_ids: tuple = ()
    fallback: bool = False  # participants were asked for but the programme names none
    tracks: tuple = ()  # participants of these track numbers only (empty: all)

    def schools(self, set_kind: str, municipality_ids, list_mode: str):
        if self.kind != "participants":
            return school_set(set_kind, self.year, municipality_ids, list_mode=list_mode)
        participants = ProgramParticipant.objects.filter(program_id__in=self.program_ids, year=self.year)
        if self.tracks:
            participants = participants.filter(track__number__in=self.tracks)
        qs = School.objects.filter(pk__in=participants.values("school_id"))
        if municipality_ids is not None:
            qs = qs.filter(municipality_id__in=municipality_ids)
        return qs

    def label(self, set_kind: str) -> str:
        """«участники программы 2023 г.», «ШНОР и ШНСУ 2024 г.», «ШНОР базового 2022 г.»."""
        if self.kind == "participants":
            numbers = ", ".join(map(str, self.tracks))
            tracks = f", трек{'и' if len(self.tracks) > 1 else ''} {numbers}" if self.tracks else ""
            return f"участники программы {self.year} г.{tracks}"
        base = " базового" if self.kind == "list_of_base_year" else ""
        note = " (программа не называет участников)" if self.fallback else ""
        return f"{SET_LABELS.get(set_kind, set_kind)}{base} {self.year} г.{note}"


def set_of(params: dict, year: int, municipality_ids, *, key: str = "schools", default: str = "target"):
    """The school set a measure is taken over: all schools, or the population's (by default the list of Y)."""
    kind = params.get(key, default)
    if kind == "all":
        return school_set("all", year, municipality_ids)
    population = params.get(POPULATION_KEY) or Population("list_of_year", year)
    return population.schools(kind, municipality_ids, params.get("list", "official_first"))


def indicator_population(indicator, year: int, *, named_years=None) -> Population:
    """The population of an indicator in a year (see the module doc). `named_years`: the years the programme names
    participants for (read when not given)."""
    choice = getattr(indicator, "population", "") or "participants"
    if choice == "list_of_base_year":
        return Population("list_of_base_year", indicator.baseline_year or indicator.program.period_start.year)
    if choice == "participants":
        if named_years is None:
            named_years = set(indicator.program.participants.values_list("year", flat=True))
        if named_years:
            return Population("participants", year, (indicator.program_id,))
        return Population("list_of_year", year, fallback=True)
    return Population("list_of_year", year)


def municipality_population(municipality_id: int, year: int) -> tuple[Population, list[int]]:
    """Whose schools a municipality's support is measured against in a year (dashboard, programme report): the
    participants of Y of its programmes where they name any, else ШНОР and ШНСУ of Y. The population and its schools."""
    ids = list(
        ProgramParticipant.objects.filter(program__municipality_id=municipality_id, year=year)
        .order_by()
        .values_list("school_id", flat=True)
        .distinct()
    )
    if ids:
        return Population("participants", year), ids
    targets = school_set("target", year, [municipality_id]).values_list("pk", flat=True)
    return Population("list_of_year", year), list(targets)
