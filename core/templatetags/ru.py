from django import template

from core import numbers

register = template.Library()


@register.filter
def ru_percent(value):
    """33.333 → «33,3 %»; None → «—»."""
    return numbers.format_percent(value)


@register.filter
def ru_number(value, decimals=None):
    return numbers.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def ru_n(value):
    """A number of participants: «n = ?» when the source gave shares without it (contract 1.2)."""
    return "n = ?" if value is None else numbers.format_number(value)


@register.filter
def ru_quantity(value):
    """4.00 → «4», 2.50 → «2,5»."""
    return numbers.format_quantity(value)


@register.filter
def ru_plural(value, forms: str):
    """{{ n|ru_plural:"школа,школы,школ" }} → «81 школа»; the three forms for 1, 2 and 5."""
    one, few, many = (form.strip() for form in forms.split(","))
    return numbers.count_noun(value, one, few, many)


@register.filter
def ru_plural_word(value, forms: str):
    """{{ n|ru_plural_word:"попытка,попытки,попыток" }} → «попытки»: only the noun, for texts where the number stands apart."""
    one, few, many = (form.strip() for form in forms.split(","))
    return numbers.plural(value, one, few, many)


@register.filter
def ru_duration(value):
    """timedelta(hours=1) → «час», timedelta(minutes=30) → «30 минут» (after «на» / «через»)."""
    return numbers.duration_text(value)


@register.filter
def dictget(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def chart(svg: str, alt: str = ""):
    """Render a chart SVG (core.charts) as an image, in pages and PDFs alike."""
    from django.utils.safestring import mark_safe

    from core.charts import as_img

    return mark_safe(as_img(svg, alt)) if svg else ""
