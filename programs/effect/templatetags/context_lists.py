"""The ШНОР list against the context groups (the ШНОР vs ШНСУ distinction, from data), on pages that do not compute
it themselves.

`{% listed_context_table municipality year %}` — the ШНОР list page: each listed school of the municipality (the
signed-in user's scope) against schools like it; `{% rows_with_context_worse rows year as rows %}` — the region
comparison: each municipality's row with `context_worse`, how many of its listed schools do worse than similar ones."""

from django import template
from django.template import Context

from ..selectors import CONTEXT_MARGIN, WORSE, listed_context, listed_worse_counts

register = template.Library()


@register.inclusion_tag("programs/effect/_listed_context.html", takes_context=True)
def listed_context_table(context: Context, municipality, year: int) -> dict:
    year = int(year)
    rows = listed_context(user=context["request"].user, municipality=municipality, year=year)
    return {
        "rows": rows,
        "year": year,
        "results_year": year - 1,
        "margin": CONTEXT_MARGIN,
        "worse": sum(1 for r in rows if r.verdict == WORSE),
    }


@register.simple_tag(takes_context=True)
def rows_with_context_worse(context: Context, rows, year) -> list[dict]:
    """The region comparison's rows (dicts with `municipality`), each with `context_worse` added."""
    rows = list(rows)
    counts = listed_worse_counts(
        user=context["request"].user, municipalities=[r["municipality"] for r in rows], year=int(year)
    )
    return [{**r, "context_worse": counts.get(r["municipality"].pk, 0)} for r in rows]
