"""What every list's FilterSet shares: the one year check (`core.years`) as a filter field.

A FilterSet filters a queryset already scoped by `visible_to(user)`: a filter only narrows, it never widens scope.
An invalid value is a 400 whose body names the parameter and says in Russian what is expected.
"""

from typing import Any

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .years import YEAR_MAX, YEAR_MIN, year_parse

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


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a grade, a teacher's №): the schema says integer, whatever the filter's method."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    field_class = YearField
