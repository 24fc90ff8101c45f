import re
from decimal import Decimal
from typing import cast

from django import forms

from core import forms as core_forms
from core.uploads import upload_size_check
from core.years import YEAR_MAX, YEAR_MIN
from schools.models import Municipality, School

from .models import PlanItem, Program, RiskFactor, RiskProfileEntry, SchoolDocument
from .services.programmes import ParticipantData, TrackData

RESERVED_CODES = {"new", "notifications", "documents", "risk"}
LINE_NUMBERED = re.compile(r"^\s*(\d+)[.)]?\s+(.+)$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgramForm(core_forms.Form):
    code = forms.SlugField(label="Код", max_length=50, help_text="Латиницей, без пробелов: lazo-effective-school")
    title = forms.CharField(label="Название", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label="Вид", choices=Program.Kind.choices)
    municipality: "forms.ModelChoiceField[Municipality]" = forms.ModelChoiceField(
        label="Муниципалитет", queryset=None, empty_label=None
    )
    order_number = forms.CharField(label="Номер приказа", max_length=50, required=False)
    order_date = forms.DateField(label="Дата приказа", required=False, widget=DateInput())
    period_start = forms.DateField(label="Начало периода", widget=DateInput())
    period_end = forms.DateField(label="Окончание периода", widget=DateInput())
    period_text = forms.CharField(
        label="Срок реализации (как в документе)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Как написано в документе, например «2 года (2023 – 2024 гг.)». Если документ называет срок "
        "в разных местах по-разному — каждую формулировку с новой строки.",
    )
    developer = forms.CharField(label="Разработчик", max_length=500, required=False)
    executors = forms.CharField(
        label="Исполнители и соисполнители", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    coordinator = forms.CharField(label="Координатор", max_length=300, required=False)
    main_idea = forms.CharField(label="Основная идея", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    goal = forms.CharField(label="Цель", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tasks = forms.CharField(
        label="Задачи", required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text="По одной задаче в строке."
    )
    expected_results = forms.CharField(
        label="Ожидаемые результаты",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="По одному в строке.",
    )
    risks = forms.CharField(
        label="Риски и меры по их снижению",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="По одному в строке: «риск — мера».",
    )
    funding_sources = forms.CharField(
        label="Источники финансирования",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Например: «Не требует дополнительного финансирования».",
    )
    normative_basis = forms.CharField(
        label="Нормативная база",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Законы, приказы, постановления — по одному документу в строке.",
    )
    tracks = forms.CharField(
        label="Треки",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="По одному в строке: «1. Адресная помощь ШНОР».",
    )
    block_titles = forms.CharField(
        label="Разделы плана",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Если в таблице плана нет столбца «Раздел»: «1. Организационные "
        "мероприятия» — название раздела для пунктов 1.x.",
    )
    participants = forms.CharField(
        label="ОО-участники",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="По одной в строке: «год; номер трека; код ОО», например "
        "«2023; 1; 271402». Трек можно не указывать: «2023; ; 271402».",
    )

    def __init__(self, *args, municipalities, program: Program | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities  # stubs: fields are Field
        self.program = program

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code in RESERVED_CODES:
            raise forms.ValidationError("Этот код занят служебной страницей, выберите другой.")
        return code

    def _numbered(self, name: str) -> list[tuple[int, str]]:
        out = []
        for line in _lines(self.cleaned_data.get(name, "")):
            match = LINE_NUMBERED.match(line)
            if not match:
                raise forms.ValidationError(f"Строка «{line}»: начните с номера, например «1. Название».")
            out.append((int(match.group(1)), match.group(2).strip()))
        return out

    def clean_tracks(self):
        return [TrackData(n, t) for n, t in self._numbered("tracks")]

    def clean_block_titles(self):
        return {str(n): t for n, t in self._numbered("block_titles")}

    def clean_tasks(self):
        return _lines(self.cleaned_data.get("tasks"))

    def clean_expected_results(self):
        return _lines(self.cleaned_data.get("expected_results"))

    def clean_risks(self):
        out = []
        for line in _lines(self.cleaned_data.get("risks")):
            risk, mitigation = _split_risk(line)
            out.append({"risk": risk, "mitigation": mitigation})
        return out

    def clean_participants(self):
        out = []
        for line in _lines(self.cleaned_data.get("participants")):
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != 3 or not parts[0].isdigit() or (parts[1] and not parts[1].isdigit()) or not parts[2]:
                raise forms.ValidationError(f"Строка «{line}»: нужно «год; номер трека; код ОО».")
            out.append(ParticipantData(school=parts[2], year=int(parts[0]), track=int(parts[1]) if parts[1] else None))
        return out

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Окончание периода не может быть раньше начала.")
        known = {t.number for t in data.get("tracks") or []}
        for p in data.get("participants") or []:
            if p.track is not None and p.track not in known:
                self.add_error("participants", f"Трек № {p.track} не описан в поле «Треки».")
                break
        return data

    @staticmethod
    def initial_for(program: Program) -> dict:
        return {
            "code": program.code,
            "title": program.title,
            "kind": program.kind,
            "municipality": program.municipality_id,
            "order_number": program.order_number,
            "order_date": program.order_date,
            "period_start": program.period_start,
            "period_end": program.period_end,
            "developer": program.developer,
            "executors": program.executors,
            "coordinator": program.coordinator,
            "period_text": program.period_text,
            "main_idea": program.main_idea,
            "goal": program.goal,
            "funding_sources": program.funding_sources,
            "normative_basis": program.normative_basis,
            "tasks": "\n".join(program.tasks),
            "expected_results": "\n".join(program.expected_results),
            "risks": "\n".join(f"{r.get('risk', '')} — {r.get('mitigation', '')}".rstrip(" —") for r in program.risks),
            "tracks": "\n".join(f"{t.number}. {t.title}" for t in program.tracks.all()),
            "block_titles": "\n".join(
                f"{k}. {v}"
                for k, v in sorted(program.block_titles.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0)
            ),
            "participants": "\n".join(
                f"{p.year}; {p.track.number if p.track else ''}; {p.school.code}"
                for p in program.participants.select_related("school", "track")
            ),
        }


def _split_risk(line: str) -> tuple[str, str]:
    parts = re.split(r"\s+[—–-]\s+", line, maxsplit=1)
    return (parts[0].strip(), parts[1].strip() if len(parts) > 1 else "")


class PlanImportForm(core_forms.Form):
    file = forms.FileField(label="Файл .xlsx или .csv", required=False)
    text = forms.CharField(
        label="…или вставьте таблицу",
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "Скопируйте таблицу из Word или Excel вместе со строкой заголовка и вставьте сюда",
            }
        ),
    )
    school = forms.ChoiceField(label="План", required=False)

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "муниципальный план-график")] + [
            (s.code, f"план школы: {s.display_name}") for s in schools
        ]

    def clean_file(self):
        return upload_size_check(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Выберите файл или вставьте таблицу.")
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("Загрузите файл или вставьте таблицу — что-то одно.")
        return data


class PlanItemForm(core_forms.Form):
    status = forms.ChoiceField(label="Статус", choices=PlanItem.Status.choices)
    fact_text = forms.CharField(
        label="Фактическое выполнение", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    fact_value = forms.DecimalField(
        label="Фактическое значение", required=False, max_digits=14, decimal_places=2, min_value=0, localize=True
    )
    completed_on = forms.DateField(
        label="Дата выполнения",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Для статуса «Выполнено»: день, когда сделано; пусто — сегодня.",
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def initial_for(item: PlanItem) -> dict:
        """The item's execution as the form shows it: a fact of 1.00 reads «1», 2.50 reads «2,5» (not «1,00»)."""
        value = item.fact_value
        if value is not None:
            value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        return {
            "status": item.status,
            "fact_text": item.fact_text,
            "fact_value": value,
            "completed_on": item.completed_on,
        }


class EvidenceForm(core_forms.Form):
    title = forms.CharField(label="Что подтверждает", max_length=300, required=False)
    file = forms.FileField(label="Файл", required=False)
    url = forms.URLField(label="или ссылка", required=False, max_length=1000, assume_scheme="https")

    def clean_file(self):
        return upload_size_check(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError("Приложите файл или укажите ссылку.")
        return data


class DeadlineForm(core_forms.Form):
    start = forms.DateField(label="Начало (если это период)", required=False, widget=DateInput())
    end = forms.DateField(label="Срок", widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("start", "Начало срока не может быть позже окончания.")
        return data


class DocumentCreateForm(core_forms.Form):
    school: "forms.ModelChoiceField[School]" = forms.ModelChoiceField(label="ОО", queryset=None, empty_label=None)
    kind = forms.ChoiceField(label="Вид документа", choices=SchoolDocument.Kind.choices)
    year = forms.IntegerField(label="Год", min_value=YEAR_MIN, max_value=YEAR_MAX)
    title = forms.CharField(label="Название", max_length=500)
    risk_factor: "forms.ModelChoiceField[RiskFactor]" = forms.ModelChoiceField(
        label="Фактор риска (для антирисковой программы)",
        queryset=None,
        required=False,
        help_text="Только факторы, подтверждённые куратором в рисковом профиле школы за этот год.",
    )

    def __init__(self, *args, schools, factors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["risk_factor"].queryset = factors

    def clean(self):
        data = super().clean()
        if data.get("kind") == SchoolDocument.Kind.ANTI_RISK and not data.get("risk_factor"):
            self.add_error("risk_factor", "Укажите фактор риска, на который отвечает антирисковая программа.")
        if data.get("kind") != SchoolDocument.Kind.ANTI_RISK and data.get("risk_factor"):
            self.add_error("risk_factor", "Фактор риска указывается только для антирисковой программы.")
        return data


class VersionForm(core_forms.Form):
    file = forms.FileField(label="Файл документа", required=False)
    text = forms.CharField(label="…или текст", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label="Что изменено", max_length=500, required=False)

    def clean_file(self):
        return upload_size_check(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Приложите файл или введите текст документа.")
        return data


APPROVE_UNCONFIRMED = "Чтобы согласовать, отметьте «Я ознакомился с документом»."


class TransitionForm(core_forms.Form):
    to_status = forms.ChoiceField(choices=SchoolDocument.Status.choices, widget=forms.HiddenInput)
    remarks = forms.CharField(
        label="Замечания",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Каждое замечание — с новой строки.",
    )
    published_url = forms.URLField(label="Адрес на сайте школы", required=False, max_length=1000, assume_scheme="https")
    published_on = forms.DateField(label="Дата публикации", required=False, widget=DateInput())
    confirm = forms.BooleanField(label="Я ознакомился с документом", required=False)

    def clean_remarks(self):
        return _lines(self.cleaned_data.get("remarks"))

    def clean(self):
        data = super().clean()
        if data.get("to_status") == SchoolDocument.Status.APPROVED and not data.get("confirm"):
            self.add_error("confirm", APPROVE_UNCONFIRMED)
        return data


class RemarkAnswerForm(core_forms.Form):
    answer = forms.CharField(label="Ответ", widget=forms.Textarea(attrs={"rows": 2}))


class RiskProfileForm(core_forms.Form):
    """One row per factor: the school's questionnaire (level, comment) or the curator's verification (+ verified)."""

    def __init__(self, *args, entries, verify: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        self.verify = verify
        for e in self.entries:
            locked = not verify and e.source == RiskProfileEntry.Source.COMPUTED
            self.fields[f"level_{e.factor_id}"] = forms.ChoiceField(
                label=e.factor.name, choices=RiskProfileEntry.Level.choices, initial=e.level, disabled=locked
            )
            self.fields[f"comment_{e.factor_id}"] = forms.CharField(
                label="Комментарий",
                required=False,
                initial=e.comment,
                disabled=locked,
                widget=forms.TextInput(attrs={"placeholder": "на чём основана оценка"}),
            )
            if verify:
                self.fields[f"verified_{e.factor_id}"] = forms.BooleanField(
                    label="Риск подтверждён", required=False, initial=e.verified
                )

    def clean(self):
        data = super().clean()
        if self.verify:
            for e in self.entries:
                if data.get(f"verified_{e.factor_id}") and data.get(f"level_{e.factor_id}") == "none":
                    self.add_error(f"verified_{e.factor_id}", "Нельзя подтвердить риск с уровнем «Нет».")
        return data

    def rows(self):
        for e in self.entries:
            yield {
                "entry": e,
                "level": self[f"level_{e.factor_id}"],
                "comment": self[f"comment_{e.factor_id}"],
                "verified": self[f"verified_{e.factor_id}"] if self.verify else None,
            }

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            e.factor_id: (self.cleaned_data[f"level_{e.factor_id}"], self.cleaned_data[f"comment_{e.factor_id}"])
            for e in self.entries
        }

    def decisions(self) -> dict[int, tuple[str, bool, str]]:
        return {
            e.factor_id: (
                self.cleaned_data[f"level_{e.factor_id}"],
                bool(self.cleaned_data.get(f"verified_{e.factor_id}")),
                self.cleaned_data[f"comment_{e.factor_id}"],
            )
            for e in self.entries
        }
