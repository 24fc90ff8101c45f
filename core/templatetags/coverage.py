"""«данные N из M ОО» beside a territory's figure (core.coverage), marked when incomplete; pages and PDFs alike."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def coverage(value):
    """A Coverage as «данные N из M ОО», with «(неполные)» and the `coverage-incomplete` class when incomplete;
    nothing when there is no figure."""
    if value is None:
        return ""
    if value.incomplete:
        return format_html(
            '<span class="coverage coverage-incomplete" title="{}">{} (неполные)</span>',
            "Не все ОО муниципалитета представили данные: показатель не итог по территории.",
            value.label,
        )
    return format_html('<span class="coverage">{}</span>', value.label)
