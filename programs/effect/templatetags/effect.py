"""`{% school_context_group school %}`: the school against its context group, municipality and region (dossier)."""

from django import template

from ..selectors import school_context

register = template.Library()


@register.inclusion_tag("programs/effect/_school_context.html")
def school_context_group(school) -> dict:
    context = school_context(school=school)
    gap = None if context is None or context["difference"] is None else abs(context["difference"])
    return {"school": school, "context": context, "gap": gap}
