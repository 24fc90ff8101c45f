"""The department head's dashboard and the regional comparison: one selector feeds the page, the API and the PDF."""

import datetime
from typing import Any

from django.db.models import Count, Q

from assessments.figures import aggregate_kwargs, counts_of_aggregate
from assessments.models import Procedure, Result
from assessments.risk.selectors import shnor_list_sources, shnor_school_ids
from assessments.selectors import trend
from core.charts import bar_chart, line_chart
from core.years import year_default
from programs.indicators.engine.populations import municipality_population
from programs.models import Program
from programs.selectors import program_completion_map
from schools.models import Municipality, School, SchoolStatus

from .selectors import indicator_rows, support_coverage

TREND_SUBJECTS = (("russian", "ВПР, русский язык"), ("math", "ВПР, математика"))


def _shnor(municipality: Municipality, year: int) -> dict:
    now = set(shnor_school_ids(year=year, municipality_ids=[municipality.pk]))
    before = set(shnor_school_ids(year=year - 1, municipality_ids=[municipality.pk]))
    watch = (
        set(
            SchoolStatus.objects.filter(
                school__municipality=municipality, year=year, kind=SchoolStatus.Kind.WATCH
            ).values_list("school_id", flat=True)
        )
        - now
    )
    names = {s.pk: s for s in School.objects.filter(pk__in=now | before | watch)}
    total = School.objects.filter(municipality=municipality).count()
    # No list of the year (neither official nor computed): the share is unknown, not 0 %.
    listed = shnor_list_sources(year=year, municipality_ids=[municipality.pk]).get(municipality.pk)
    return {
        "count": len(now),
        "previous": len(before),
        "change": len(now) - len(before),
        "total": total,
        "share": (len(now) * 100 / total) if total and listed else None,
        "list": listed,
        "schools": sorted((names[i] for i in now), key=lambda s: s.display_name),
        "added": sorted((names[i] for i in now - before), key=lambda s: s.display_name),
        "removed": sorted((names[i] for i in before - now), key=lambda s: s.display_name),
        "watch": sorted((names[i] for i in watch), key=lambda s: s.display_name),
    }


def _trends(municipality: Municipality, year: int) -> list[dict]:
    """The VPR share of «2» by year, the municipality's and the region's, each year's point with its coverage."""
    own = School.objects.filter(municipality=municipality)
    region = School.objects.filter(municipality__region_id=municipality.region_id)
    out = []
    for code, title in TREND_SUBJECTS:
        mine = trend(schools=own, procedure=Procedure.VPR, subject_codes=[code], label=municipality.name, up_to=year)
        theirs = trend(schools=region, procedure=Procedure.VPR, subject_codes=[code], label="регион", up_to=year)
        if not mine.points:
            continue
        out.append(
            {
                "title": title,
                "points": mine.points,
                "region": theirs.points,
                "coverage": {
                    "municipality": _point_coverage(mine.points, year),
                    "region": _point_coverage(theirs.points, year),
                },
                "chart": line_chart(
                    title=f"{title}: доля «2»",
                    series={
                        municipality.name: mine.series(),
                        "регион": theirs.series(),
                    },
                    coverage={municipality.name: mine.coverage(), "регион": theirs.coverage()},
                    width=5.6,
                    height=2.6,
                ),
            }
        )
    return out


def _point_coverage(points: dict, year: int):
    return points[year]["coverage"]["share_2"] if year in points else None


def _attention(municipality: Municipality, year: int, shnor_ids: set[int]) -> list[dict]:
    """Schools to look at first: on the list, then by their worst share of «2» in the rule's subjects last year."""
    rows = (
        Result.objects.filter(
            school__municipality=municipality,
            year=year,
            subject__code__in=["russian", "math", "math_base", "math_profile"],
        )
        .values("school_id")
        .annotate(**aggregate_kwargs())
    )
    worst = {}
    for row in rows:
        worst[row["school_id"]] = counts_of_aggregate(row).figures()
    low_objectivity = {sid for sid, f in worst.items() if f["objectivity"] is not None and f["objectivity"] < 20}
    candidates = (
        set(shnor_ids)
        | {sid for sid, f in worst.items() if f["share_2"] is not None and f["share_2"] >= 20}
        | low_objectivity
    )
    schools = {s.pk: s for s in School.objects.filter(pk__in=candidates)}
    items: list[dict[str, Any]] = []
    for sid in candidates:
        f = worst.get(sid, {})
        reasons = []
        if sid in shnor_ids:
            reasons.append("в списке ШНОР")
        if (share_2 := f.get("share_2")) is not None and share_2 >= 20:
            reasons.append("высокая доля «2»")
        if sid in low_objectivity:
            reasons.append("признаки необъективности")
        items.append(
            {
                "school": schools[sid],
                "share_2": f.get("share_2"),
                "objectivity": f.get("objectivity"),
                "reasons": reasons,
            }
        )
    items.sort(key=lambda i: (-(i["school"].pk in shnor_ids), -(i["share_2"] or 0)))
    return items[:12]


def programme_blocks(*, municipality: Municipality, year: int) -> dict:
    """Plan completion, indicators against targets and support coverage: the same figures as the programme report."""

    programs = list(
        Program.objects.filter(municipality=municipality, period_start__year__lte=year, period_end__year__gte=year)
    )
    as_of = min(datetime.date.today(), datetime.date(year, 12, 31))
    completion = program_completion_map(program_ids=[p.pk for p in programs], today=as_of, year=year)
    schools = School.objects.filter(municipality=municipality)
    population, targets = municipality_population(municipality.pk, year)
    indicators = indicator_rows(programs, year)
    valued = [r for r in indicators if r["value"] is not None and r["value"].status in ("met", "not_met")]
    return {
        "programs": [{"program": p, "completion": completion[p.pk]} for p in programs],
        "indicators": indicators,
        "indicators_met": sum(1 for r in valued if r["value"].status == "met"),
        "indicators_valued": len(valued),
        "support": support_coverage(schools, set(targets), year, label=population.label("target")),
        "overdue": sum(completion[p.pk].overall.overdue for p in programs),
    }


def dashboard_context(*, municipality: Municipality, year: int) -> dict:
    shnor = _shnor(municipality, year)
    return {
        "municipality": municipality,
        "year": year,
        "shnor": shnor,
        "trends": _trends(municipality, year),
        "attention": _attention(municipality, year, {s.pk for s in shnor["schools"]}),
        **programme_blocks(municipality=municipality, year=year),
    }


def region_comparison(*, municipalities, year: int) -> list[dict]:
    """Side by side: schools, ШНОР, and the VPR share of «2» in Russian and mathematics (counts summed first), each
    figure with its coverage: how many of the municipality's schools it is built from."""
    municipalities = list(municipalities)
    ids = [m.pk for m in municipalities]
    totals, active = {}, {}
    for mid, n, n_active in (
        School.objects.filter(municipality_id__in=ids)
        .values_list("municipality_id")
        .annotate(n=Count("pk"), active=Count("pk", filter=Q(is_active=True)))
    ):
        totals[mid], active[mid] = n, n_active
    shnor: dict[int, int] = {}
    for sid, mid in School.objects.filter(pk__in=shnor_school_ids(year=year, municipality_ids=ids)).values_list(
        "pk", "municipality_id"
    ):
        shnor[mid] = shnor.get(mid, 0) + 1
    listed = shnor_list_sources(year=year, municipality_ids=ids)
    counts = {}
    rows = (
        Result.objects.filter(
            school__municipality_id__in=ids, year=year, procedure=Procedure.VPR, subject__code__in=["russian", "math"]
        )
        .values("school__municipality_id", "subject__code")
        .annotate(**aggregate_kwargs())
    )
    for row in rows:
        counts[(row["school__municipality_id"], row["subject__code"])] = counts_of_aggregate(row)
    out = []
    for m in municipalities:
        total = totals.get(m.pk, 0)
        line = {
            "municipality": m,
            "schools": total,
            "shnor": shnor.get(m.pk, 0) if m.pk in listed else None,
            "shnor_share": shnor.get(m.pk, 0) * 100 / total if total and m.pk in listed else None,
        }
        for subject in ("russian", "math"):
            c = counts.get((m.pk, subject))
            f = c.figures() if c else {}
            line[subject], line[f"{subject}_quality"] = f.get("share_2"), f.get("quality")
            line[f"{subject}_coverage"] = c.coverage(active_schools=active.get(m.pk, 0)) if c else None
            line[f"{subject}_quality_coverage"] = (
                c.coverage(active_schools=active.get(m.pk, 0), figure="quality") if c else None
            )
        out.append(line)
    return out


def region_chart(rows: list[dict], year: int) -> str:
    """The regional comparison's chart: each municipality's share of ШНОР schools."""
    if not rows:
        return ""
    return bar_chart(
        labels=[r["municipality"].name for r in rows],
        values=[r["shnor_share"] for r in rows],
        title=f"Доля ШНОР, {year}",
    )


WARM_AT_MOST = 100  # municipalities per warm-up; a national recompute leaves the drawing to the first views


def dashboard_charts_warm(*, municipality_ids) -> int:
    """Draw, into the chart cache, what the dashboards and the regional comparison show for the regions of these
    municipalities (each municipality's trend has the region's line): run by the worker after a recompute, so the
    first view after a data change finds its charts drawn. Returns the number of dashboards gathered."""
    regions = Municipality.objects.filter(pk__in=municipality_ids).values("region_id")
    municipalities = list(
        Municipality.objects.filter(region_id__in=regions).order_by("region_id", "name")[: WARM_AT_MOST + 1]
    )
    if len(municipalities) > WARM_AT_MOST:
        municipalities = list(Municipality.objects.filter(pk__in=municipality_ids))
    by_region: dict[int, list[Municipality]] = {}
    for m in municipalities:
        latest = year_default(schools=School.objects.filter(municipality=m)).year
        for year in (
            latest,
            latest - 1,
        ):  # the dashboard opens on the latest year; the report year is often the one before
            dashboard_context(municipality=m, year=year)
        by_region.setdefault(m.region_id, []).append(m)
    for members in by_region.values():
        everyone = list(Municipality.objects.filter(region_id=members[0].region_id).order_by("name"))
        year = year_default(schools=School.objects.filter(municipality__in=everyone)).year
        region_chart(region_comparison(municipalities=everyone, year=year), year)
    return len(municipalities)
