from django import template

register = template.Library()

_RECURRENCE = {
    "monthly": "ежемесячно",
    "quarterly": "ежеквартально",
    "half_yearly": "раз в полугодие",
    "yearly": "ежегодно",
}
_MONTHS = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


@register.filter
def recurrence_ru(value: str) -> str:
    """'quarterly' → «ежеквартально»; 'times_per_year:4' → «4 раза в год»."""
    if value.startswith("times_per_year:"):
        return f"{value.split(':', 1)[1]} раз(а) в год"
    return _RECURRENCE.get(value, value)


@register.filter
def months_ru(months) -> str:
    return ", ".join(_MONTHS[m - 1] for m in months or () if 1 <= m <= 12)
