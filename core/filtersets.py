"""What every list's FilterSet shares: the one year check (`core.years`) as a filter field.

A FilterSet filters a queryset already scoped by `visible_to(user)`: a filter only narrows, it never widens scope.
An invalid value is a 400 whose body names the parameter and says in Russian what is expected.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .years import YEAR_MAX, YEAR_MIN, year_choices, year_parse

if TYPE_CHECKING:
    from drf_spectacular.openapi import AutoSchema

    from schools.models import School

YEAR_INVALID = f"Год — целое число от {YEAR_MIN} до {YEAR_MAX}."


class YearField(forms.IntegerField):
    default_error_messages = {"invalid": YEAR_INVALID}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        year = year_parse(value)
        if year is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return year


class FilterSchemaExtension(DjangoFilterExtension):
    """drf-spectacular: a filter whose type is fixed here (a year, a whole number) keeps its `help_text` as the
    parameter's description, which a field's type override otherwise drops."""

    priority = 1

    def resolve_filter_field(
        self,
        auto_schema: "AutoSchema",
        model: type[Model],
        filterset_class: type[django_filters.FilterSet],
        field_name: str,
        filter_field: django_filters.Filter,
    ) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        help_text = filter_field.extra.get("help_text")
        for parameter in parameters:
            if help_text and not parameter.get("description"):
                parameter["description"] = str(help_text)
        return parameters


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a grade, a teacher's №): the schema says integer, whatever the filter's method."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class FlagFilter(django_filters.BooleanFilter):
    """true/false, also 1/0, as the API has always read them; anything else is no filter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", django_filters.widgets.BooleanWidget)
        super().__init__(*args, **kwargs)


def filterset_for_page(
    filterset_class: type[django_filters.FilterSet],
    request: HttpRequest,
    queryset: QuerySet,
    *,
    fields: Sequence[str] | None = None,
    years_of: "QuerySet[School] | None" = None,
    choices: Mapping[str, Iterable[tuple[object, object]]] | None = None,
    labels: Mapping[str, str] | None = None,
    hidden: Iterable[str] = (),
) -> django_filters.FilterSet:
    """The page's side of a list's FilterSet: the same parameters, checks and Russian errors as the API, its `.form`
    the page's filter form (only `fields`, in that order) and its `.qs` the rows. `years_of` (the schools in scope)
    offers the years of `core.years` — with the one asked for — as a select, like every page; `choices` turns other
    free-text fields (a school's code) into selects of what the user may pick; the value is still the filter's to
    check. `hidden` fields ride along unseen (the school whose plan a page shows)."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    form = filterset.form
    if fields is not None:
        for name in [n for n in form.fields if n not in fields]:
            del form.fields[name]
        form.order_fields(fields)
    choices = dict(choices or {})
    if years_of is not None and "year" in form.fields:
        asked = year_parse(request.GET.get("year"))
        choices["year"] = [(y, y) for y in year_choices(schools=years_of, include=[asked] if asked else [])]
    for name, options in choices.items():
        form.fields[name].widget = forms.Select(choices=[("", "все"), *options])
    for name, label in (labels or {}).items():
        form.fields[name].label = label
    for name in hidden:
        form.fields[name].widget = forms.HiddenInput()
    return filterset


def filterset_values(filterset: django_filters.FilterSet) -> dict[str, Any]:
    """The valid, non-empty filter values: what the page's export and pager links carry on (invalid ones dropped)."""
    if not filterset.is_bound:
        return {}
    filterset.is_valid()  # cleans the form; an invalid field is left out of cleaned_data
    return {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
