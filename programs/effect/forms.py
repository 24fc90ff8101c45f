"""The choice of what an effect is of (measure, procedure, subject, grade): one form for the page and the API."""

from django import forms

from assessments.models import Procedure, Subject
from core import forms as core_forms

from .models import Measure
from .selectors import EffectKey

NO_SUBJECT = "Такого предмета нет: укажите код предмета из справочника."
SUBJECT_WITHOUT_PROCEDURE = (
    "Предмет и класс выбираются вместе с процедурой; без процедуры считаются все процедуры правила ШНОР."
)


class EffectForm(core_forms.Form):
    measure = forms.ChoiceField(label="Показатель", choices=Measure.choices, required=False)
    procedure = forms.ChoiceField(
        label="Процедура", choices=[("", "все процедуры правила ШНОР"), *Procedure.choices], required=False
    )
    subject = forms.CharField(label="Предмет (код)", max_length=30, required=False)
    grade = forms.IntegerField(label="Класс", min_value=1, max_value=11, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        subjects = list(Subject.objects.order_by("order", "name").values_list("code", "name"))
        self.fields["subject"] = forms.ChoiceField(
            label="Предмет", choices=[("", "все предметы"), *subjects], required=False
        )
        self.fields["subject"].error_messages["invalid_choice"] = NO_SUBJECT

    def clean(self):
        data = super().clean() or {}
        if not data.get("procedure") and (data.get("subject") or data.get("grade")):
            raise forms.ValidationError(SUBJECT_WITHOUT_PROCEDURE)
        return data

    def key(self) -> EffectKey:
        """The key of a valid form (an unbound form: the default, share of «2» over the rule's procedures)."""
        data = self.cleaned_data if self.is_bound else {}
        return EffectKey(
            measure=data.get("measure") or Measure.SHARE_2,
            procedure=data.get("procedure") or "",
            subject=data.get("subject") or "",
            grade=data.get("grade") or 0,
        )
