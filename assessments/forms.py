from django import forms

from core import forms as core_forms
from schools.forms import UploadForm

from .services import COLUMNS, TITLES


class ResultUploadForm(UploadForm):
    dry_run = forms.BooleanField(label="Сначала только проверить (ничего не записывать)", required=False, initial=True)


class MappingForm(core_forms.Form):
    """For each column of the user's file: which contract column it is (or none). The user's saved choice comes
    first; else the column the header names, or the one it most looks like, marked «предположительно»."""

    GUESSED = "предположительно"

    def __init__(
        self,
        *args,
        headers: list[str],
        initial_mapping: dict[str, str],
        guesses: list[tuple[str, bool] | None] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", "— не загружать —")] + [(c.key, TITLES[c.key] + (" *" if c.required else "")) for c in COLUMNS]
        self.headers = headers
        guesses = guesses or [None] * len(headers)
        self.guessed: list[str] = []
        for i, (header, guess) in enumerate(zip(headers, guesses)):
            name = f"col_{i}"
            saved = initial_mapping.get(header, "")
            self.fields[name] = forms.ChoiceField(
                label=header or f"Столбец {i + 1}",
                choices=choices,
                required=False,
                initial=saved or (guess[0] if guess else ""),
                help_text=self.GUESSED if not saved and guess and guess[1] else "",
            )
            if not saved and guess and guess[1]:
                self.guessed.append(name)

    def mapping(self) -> dict[str, str]:
        return {
            h: self.cleaned_data[f"col_{i}"] for i, h in enumerate(self.headers) if self.cleaned_data.get(f"col_{i}")
        }
