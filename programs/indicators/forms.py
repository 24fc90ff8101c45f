"""Forms of the indicator pages: attach a preset or define anew, a manual value with its evidence, a recorded fact
of a computed indicator."""

import json
import re
from typing import Any

from django import forms

from core import forms as core_forms
from core.years import YEAR_MAX, YEAR_MIN

from .engine.measures.base import Param
from .engine.presets import PRESETS
from .engine.registry import MEASURES
from .models import Indicator

TARGETS_HELP = "По году в строке или через «;»: «2023: 79; 2024: 89». Пустые годы не задаются."
PARAMS_HELP = (
    "Для прежних записей: по настройке в строке, «mode = relative», «grade = 5», «kinds = seminar, webinar». "
    "Поля настроек выше строки важнее её."
)
PARAM_DEFAULT = "— как в мере —"
PARAM_PREFIX = "p_"
TARGETS_BAD = "Не разобрана запись «{part}»: пишите «год: значение», например «2024: 80»."
PARAMS_BAD = "Не разобрана строка «{line}»: пишите «настройка = значение»."
LIST_PARAMS = {"procedures", "subjects", "kinds", "forms", "grade", "tracks"}


def targets_parse(text: str) -> dict[str, str]:
    out = {}
    for part in re.split(r"[;\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})\s*(?:г\.?|год)?\s*[:=—–-]\s*(.+)", part)
        if not m:
            raise forms.ValidationError(TARGETS_BAD.format(part=part))
        out[m.group(1)] = m.group(2).strip().rstrip("%").strip()
    return out


def targets_text(targets: dict) -> str:
    return "; ".join(f"{y}: {str(v).replace('.', ',')}" for y, v in sorted((targets or {}).items()))


def param_value(key: str, value: str) -> str | list[str]:
    """A setting as typed: a list setting with commas becomes a list («kinds = seminar, webinar»)."""
    value = value.strip()
    if key in LIST_PARAMS and "," in value:
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def params_parse(text: str) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if "=" not in line:
            raise forms.ValidationError(PARAMS_BAD.format(line=line))
        key, value = (x.strip() for x in line.split("=", 1))
        out[key] = param_value(key, value)
    return out


def _param_specs() -> dict[str, tuple[list[Param], list[str]]]:
    """Each setting any measure declares: its declarations (label, choices) and the measures that take it."""
    specs: dict[str, tuple[list[Param], list[str]]] = {}
    for code, measure in MEASURES.items():
        for name, param in measure.params.items():
            params, codes = specs.setdefault(name, ([], []))
            params.append(param)
            codes.append(code)
    return specs


PARAM_SPECS = _param_specs()


def _param_field(name: str, params: list[Param], codes: list[str]) -> forms.Field:
    labels = list(dict.fromkeys(p.label for p in params))
    choices: dict = {}
    for p in params:
        choices.update(p.choices or {})
    help_text = ""
    attrs = {"data-measures": " ".join(codes)}
    field: forms.Field
    if choices and name in LIST_PARAMS:
        field = forms.MultipleChoiceField(
            choices=list(choices.items()), widget=forms.CheckboxSelectMultiple(attrs=attrs)
        )
        help_text = "Ничего не отмечено — все."
    elif choices:
        field = forms.ChoiceField(choices=[("", PARAM_DEFAULT), *choices.items()], widget=forms.Select(attrs=attrs))
    else:
        field = forms.CharField(max_length=200, widget=forms.TextInput(attrs=attrs))
        if name in LIST_PARAMS:
            help_text = "Несколько — через запятую."
    field.required = False
    field.label = " / ".join(labels)
    field.help_text = help_text
    return field


def params_initial(params: dict | None) -> dict[str, Any]:
    """An indicator's stored settings as the form's initial data: the fields, and the text line for the rest."""
    initial: dict[str, Any] = {}
    rest = {}
    for name, value in (params or {}).items():
        if name not in PARAM_SPECS:
            rest[name] = value
        else:
            values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            multiple = name in LIST_PARAMS and any(p.choices for p in PARAM_SPECS[name][0])
            initial[PARAM_PREFIX + name] = values if multiple else ", ".join(values)
    initial["params"] = params_text(rest)
    return initial


def params_text(params: dict) -> str:
    return "\n".join(f"{k} = {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in (params or {}).items())


class IndicatorForm(core_forms.Form):
    preset = forms.ChoiceField(
        label="Из библиотеки",
        required=False,
        choices=[("", "— определить новый показатель —")] + [(k, f"{k}: {v['name']}") for k, v in PRESETS.items()],
    )
    code = forms.SlugField(
        label="Код",
        required=False,
        max_length=60,
        help_text="Латиница, цифры, дефис; для показателя из библиотеки — его код.",
    )
    name = forms.CharField(
        label="Наименование", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ChoiceField(label="Единица", choices=Indicator.Unit.choices, initial="percent")
    direction = forms.ChoiceField(label="Направление", choices=Indicator.Direction.choices)
    comparator = forms.ChoiceField(label="Сравнение с целью", choices=Indicator.Comparator.choices)
    method = forms.ChoiceField(label="Способ", choices=Indicator.Method.choices)
    measure = forms.ChoiceField(
        label="Мера (для рассчитываемого)",
        required=False,
        choices=[("", "—")] + [(k, m.label) for k, m in MEASURES.items()],
    )
    params = forms.CharField(
        label="Настройки расчёта", required=False, help_text=PARAMS_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )
    population = forms.ChoiceField(
        label="Совокупность ОО",
        choices=Indicator.Population.choices,
        initial=Indicator.Population.PARTICIPANTS,
        required=False,
        help_text="Чьи школы считает мера по ШНОР и ШНСУ: участники программы года (по умолчанию; если программа "
        "участников не называет — список года), список года или список базового года.",
    )
    baseline_year = forms.IntegerField(label="Базовый год", required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    baseline_value = forms.CharField(label="Базовое значение", required=False, max_length=30)
    targets = forms.CharField(label="Целевые значения по годам", required=False, help_text=TARGETS_HELP)
    note = forms.CharField(
        label="Примечание (источник, как понимать)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["preset"]
        else:
            # Which measure each preset computes: the page's script shows that measure's settings.
            measure_of = {k: v.get("measure", "") for k, v in PRESETS.items()}
            self.fields["preset"].widget.attrs["data-measure-of"] = json.dumps(measure_of)
        for name, (params, codes) in PARAM_SPECS.items():
            self.fields[PARAM_PREFIX + name] = _param_field(name, params, codes)

    @property
    def main_fields(self) -> list:
        return [f for f in self if not f.name.startswith(PARAM_PREFIX) and f.name != "params"]

    @property
    def param_fields(self) -> list[tuple[Any, str, str]]:
        """The settings' fields, each with the codes of the measures that take it (for the page's filter) and
        their names (for the page without scripts)."""
        return [
            (self[PARAM_PREFIX + name], " ".join(codes), "; ".join(f"«{MEASURES[c].label}»" for c in codes))
            for name, (_, codes) in PARAM_SPECS.items()
        ]

    def clean_targets(self) -> dict[str, str]:
        return targets_parse(self.cleaned_data.get("targets", ""))

    def clean_params(self) -> dict[str, str | list[str]]:
        return params_parse(self.cleaned_data.get("params", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        # The settings' fields over the text line: the same dictionary the line gives («grade = 5» → "5").
        params = dict(data.get("params") or {})
        for name in PARAM_SPECS:
            value = data.get(PARAM_PREFIX + name)
            if isinstance(value, list):
                if value:
                    params[name] = value
            elif value:
                params[name] = param_value(name, value)
        data["params"] = params
        if data.get("preset"):
            return data
        if not data.get("code"):
            self.add_error("code", "Укажите код показателя.")
        if not (data.get("name") or "").strip():
            self.add_error("name", "Укажите наименование показателя.")
        if data.get("method") == "computed" and not data.get("measure"):
            self.add_error("measure", "Для рассчитываемого показателя выберите меру.")
        return data


class ManualValueForm(core_forms.Form):
    year = forms.IntegerField(label="Год", min_value=YEAR_MIN, max_value=YEAR_MAX)
    value = forms.CharField(
        label="Значение",
        required=False,
        max_length=30,
        help_text="Или числитель и знаменатель — значение будет рассчитано.",
    )
    numerator = forms.CharField(label="Числитель", required=False, max_length=30)
    denominator = forms.CharField(label="Знаменатель", required=False, max_length=30)
    evidence = forms.CharField(
        label="Подтверждение",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Документ, приказ, протокол, источник данных.",
    )
    evidence_url = forms.URLField(
        label="Ссылка на подтверждение", required=False, max_length=1000, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if not data.get("value") and not (data.get("numerator") and data.get("denominator")):
            raise forms.ValidationError("Укажите значение или числитель и знаменатель.")
        return data


class FactForm(core_forms.Form):
    """A figure the programme's document records for a year of a computed indicator (the service checks it)."""

    year = forms.IntegerField(label="Год", min_value=2000, max_value=2100)
    value = forms.CharField(label="Значение", max_length=30, help_text="Как в документе: 65 или 12,5.")
    evidence = forms.CharField(
        label="Подтверждение",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Документ, его раздел или страница, приказ, протокол.",
    )
    evidence_url = forms.URLField(
        label="Ссылка на подтверждение", required=False, max_length=1000, assume_scheme="https"
    )
