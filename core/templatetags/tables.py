"""The list tables' sortable headers and pager links (core.listing): every link keeps the page's other parameters."""

from django import template
from django.utils.html import format_html, format_html_join

from core.listing import PAGE_PARAM, PAGE_SIZES, SIZE_PARAM, SORT_PARAM

register = template.Library()


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """`?{% query_with page=3 %}`: the request's query with those parameters replaced (an empty value drops one)."""
    return _query(context["request"], **changes)


@register.simple_tag(takes_context=True)
def sort_th(context, key: str, label: str, css: str = "") -> str:
    """`{% sort_th "name" "Школа" %}`: a header cell whose link sorts by that column, ascending first, and the other
    way when it is the current sort; `aria-sort` and an arrow mark the current one."""
    page = context.get("page")
    if not hasattr(page, "sort"):  # a table shown without core.listing (the same partial elsewhere): no links
        return format_html("<th{}>{}</th>", format_html(' class="{}"', css) if css else "", label)
    current = getattr(page, "sort", "") or ""
    ascending_now, descending_now = current == key, current == f"-{key}"
    target = f"-{key}" if ascending_now else key
    href = "?" + _query(context["request"], **{SORT_PARAM: target, PAGE_PARAM: None})
    aria = "ascending" if ascending_now else "descending" if descending_now else "none"
    arrow = " ▲" if ascending_now else " ▼" if descending_now else ""
    hint = "по убыванию" if ascending_now else "по возрастанию"
    return format_html(
        '<th{} aria-sort="{}"><a class="sort" href="{}" title="Сортировать {}">{}<span aria-hidden="true">{}</span></a></th>',
        format_html(' class="{}"', css) if css else "",
        aria,
        href,
        hint,
        label,
        arrow,
    )


@register.simple_tag
def page_numbers(page) -> list:
    """1 … 4 5 [6] 7 8 … 20: Django's elided range (the ellipsis is Paginator.ELLIPSIS)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def page_sizes(page) -> list[int]:
    return sorted({*PAGE_SIZES, getattr(page, "page_size", page.paginator.per_page)})


@register.simple_tag(takes_context=True)
def hidden_params(context, *skip: str):
    """Hidden inputs for the request's parameters but `skip`: a form that changes one keeps the others."""
    request = context["request"]
    skip = (*skip, PAGE_PARAM, SIZE_PARAM)
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((k, v) for k, values in request.GET.lists() if k not in skip for v in values),
    )
