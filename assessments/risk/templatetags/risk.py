from django import template

from ..formatting import reason_text, subject_names

register = template.Library()


@register.filter
def risk_reason(reason: dict) -> str:
    """«2023: ВПР Русский язык, 5 кл. — n = 34, «2» 32,4 %»: one reason of a listed school."""
    return reason_text(reason, subject_names())
