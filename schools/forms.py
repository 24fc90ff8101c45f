from django import forms

from .models import Municipality, SchoolStatus


class SchoolFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, widget=forms.TextInput(attrs={"placeholder": "название, код, синоним"}))
    municipality = forms.ChoiceField(label="Муниципалитет", required=False)
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "любой"), *SchoolStatus.Kind.choices])
    year = forms.TypedChoiceField(label="Год", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, municipalities=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = municipalities if municipalities is not None else Municipality.objects.none()
        self.fields["municipality"].choices = [("", "все")] + [(m.code, m.name) for m in municipalities]
        self.fields["year"].choices = [("", "любой")] + [(y, y) for y in years]  # core.years, as every page


class UploadForm(forms.Form):
    file = forms.FileField(label="Файл .xlsx или .csv")

    def clean_file(self):
        from django.conf import settings

        from core.uploads import TOO_LARGE

        f = self.cleaned_data["file"]
        if f.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE.format(limit=settings.UPLOAD_MAX_BYTES // (1024 * 1024)))
        return f
