from collections.abc import Iterable
from typing import Any, cast

from django import forms

from core import forms as core_forms
from schools.forms import UploadForm
from schools.models import Municipality, Region

from .formatting import PROCEDURE_CHOICES, procedure_label
from .models import RiskRule


def _key(p: dict[str, Any]) -> str:
    return f"{p['procedure']}:{p['subject']}:{p['grade']}"


class RiskFilterForm(core_forms.Form):
    year = forms.TypedChoiceField(label="Год списка", coerce=int)
    municipality = forms.ChoiceField(label="Муниципалитет", required=False)

    def __init__(
        self, *args: Any, municipalities: Iterable[Municipality] = (), years: Iterable[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # django-stubs type a form's fields as plain Field; these are the ChoiceFields declared above.
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [(m.code, m.name) for m in municipalities]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, y) for y in years
        ]  # core.years: the same years as every page


class RuleForm(core_forms.Form):
    threshold = forms.IntegerField(label="Порог низкого результата, % участников с «2»", min_value=1, max_value=100)
    count_a = forms.IntegerField(
        label="Критерий A: низких процедур в прошлом году, не менее", min_value=1, max_value=20
    )
    count_b = forms.IntegerField(
        label="Критерий B: низких процедур в каждом из двух последних лет, не менее", min_value=1, max_value=20
    )
    watch_threshold = forms.IntegerField(label="Порог зоны риска, %", min_value=1, max_value=100)
    procedures = forms.MultipleChoiceField(label="Процедуры правила", widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="Что изменено и почему", max_length=500)

    def __init__(self, *args: Any, subjects: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["procedures"]).choices = [
            (_key(p), procedure_label(p, subjects)) for p in PROCEDURE_CHOICES
        ]

    @staticmethod
    def initial_of(rule: RiskRule) -> dict[str, Any]:
        return {
            "threshold": rule.threshold,
            "count_a": rule.count_a,
            "count_b": rule.count_b,
            "watch_threshold": rule.watch_threshold,
            "procedures": [_key(p) for p in rule.procedures],
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if data.get("watch_threshold") and data.get("threshold") and data["watch_threshold"] > data["threshold"]:
            self.add_error("watch_threshold", "Порог зоны риска не может быть выше порога низкого результата.")
        return data

    def procedures_value(self) -> list[dict[str, Any]]:
        chosen = set(self.cleaned_data["procedures"])
        return [p for p in PROCEDURE_CHOICES if _key(p) in chosen]


class OfficialListForm(UploadForm):
    """The file and what it replaces: the lists of its schools' municipalities, or (explicitly) a whole region's."""

    region = forms.ChoiceField(
        label="Что заменить",
        required=False,
        help_text="Без выбора региона список заменяется только в муниципалитетах, ОО которых есть в файле.",
    )

    def __init__(self, *args: Any, regions: Iterable[Region] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", "списки муниципалитетов, ОО которых есть в файле")
        ] + [(r.code, f"список всего региона «{r.name}» (и муниципалитетов без ОО в файле)") for r in regions]
