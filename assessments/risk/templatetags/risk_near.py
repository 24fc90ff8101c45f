"""«В шаге от списка» on pages that do not compute it themselves: the ШНОР list, the head's dashboard, the dossier.

`{% near_schools municipality year %}` — the municipality's schools one step from the list of year + 1 (by the
results of `year`), in the signed-in user's scope; `{% school_near school year %}` — one school's distance."""

from django import template
from django.template import Context

from assessments.models import Procedure
from assessments.risk.formatting import subject_names
from schools.models import Municipality, School

from ..near import IN, flip, near_list, school_distance

register = template.Library()


@register.filter
def procedure_ru(code: str) -> str:
    """«VPR» → «ВПР»: a procedure as people write it."""
    return Procedure(code).label if code in Procedure.values else code


@register.filter
def subject_ru(code: str) -> str:
    """«russian» → «Русский язык»."""
    return subject_names().get(code, code)


@register.inclusion_tag("risk/_near.html", takes_context=True)
def near_schools(context: Context, municipality: Municipality, year: int) -> dict:
    user = context["request"].user
    near = near_list(user=user, year=int(year), municipality=municipality)
    return {
        "year": int(year),
        "list_year": int(year) + 1,
        "entering": [n for n in near if n.direction == IN],
        "leaving": [n for n in near if n.direction != IN],
    }


@register.inclusion_tag("risk/_school_distance.html")
def school_near(school: School, year: int | None = None) -> dict:
    distance = school_distance(school=school, year=int(year) if year else None)
    return {"distance": distance, "flip": flip(distance) if distance else None}
