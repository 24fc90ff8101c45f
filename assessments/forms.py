from django import forms

from core import forms as core_forms
from schools.forms import UploadForm

from .services import COLUMNS, TITLES


class ResultUploadForm(UploadForm):
    dry_run = forms.BooleanField(label="Сначала только проверить (ничего не записывать)", required=False, initial=True)


class MappingForm(core_forms.Form):
    """For each column of the user's file: which contract column it is (or none)."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— не загружать —")] + [(c.key, TITLES[c.key] + (" *" if c.required else "")) for c in COLUMNS]
        self.headers = headers
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=header or f"Столбец {i + 1}",
                choices=choices,
                required=False,
                initial=initial_mapping.get(header, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {
            h: self.cleaned_data[f"col_{i}"] for i, h in enumerate(self.headers) if self.cleaned_data.get(f"col_{i}")
        }
