from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from core import forms as core_forms
from core.uploads import upload_size_check
from schools.access import is_curator
from schools.models import Municipality, School

from .models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventKind,
    EventMaterial,
    IndividualPlan,
    IndividualPlanItem,
    MentoringPair,
    MethodEvent,
    Partnership,
    PartnershipActivity,
    PDCourse,
    StaffingFigures,
    StaffingSubject,
    Teacher,
)
from .services.curators import curator_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_service(form: forms.BaseForm, call: Callable[[], Any]) -> Any:
    """Runs a service; its Russian errors land on the form's fields (or on top of it). None when it refused."""
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


def _school_label(school: School) -> str:
    return school.display_name


class _ScopedForm(core_forms.ModelForm):
    """School and teacher choices are limited to the user's scope."""

    school_fields: tuple[str, ...] = ("school",)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        schools = School.objects.visible_to(user).select_related("municipality").order_by("short_name", "name")
        for name in self.school_fields:
            if name in self.fields:
                self.fields[name].queryset = schools
                self.fields[name].label_from_instance = _school_label
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE


class AssignmentForm(_ScopedForm):
    school_fields = ("school", "curator_school")

    class Meta:
        model = CuratorAssignment
        fields = ["curator", "school", "curator_school", "start", "end"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["curator"].queryset = curator_choices(user=user)
        self.fields["curator"].label_from_instance = lambda u: u.get_full_name() or u.username


class VisitForm(_ScopedForm):
    class Meta:
        model = CuratorVisit
        fields = [
            "curator",
            "school",
            "date",
            "lessons_observed",
            "findings",
            "recommendations",
            "follow_up_due",
            "follow_up_done",
        ]
        widgets = {
            "date": DATE,
            "follow_up_due": DATE,
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if is_curator(user):
            del self.fields["curator"]  # a curator records their own visits
        else:
            self.fields["curator"].queryset = curator_choices(user=user)
            self.fields["curator"].label_from_instance = lambda u: u.get_full_name() or u.username


class PartnershipForm(_ScopedForm):
    school_fields = ("school", "partner")

    class Meta:
        model = Partnership
        fields = ["school", "partner", "form", "agreement_number", "agreement_date", "start", "end", "joint_plan"]
        widgets = {"agreement_date": DATE, "start": DATE, "end": DATE, "joint_plan": forms.Textarea(attrs={"rows": 5})}


class ActivityForm(core_forms.ModelForm):
    class Meta:
        model = PartnershipActivity
        fields = ["date", "title", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class EventForm(_ScopedForm):
    school_fields = ("host_school",)

    class Meta:
        model = MethodEvent
        fields = ["title", "kind", "date", "municipality", "host_school", "organiser", "audience", "target_share_shnor"]
        widgets = {"date": DATE}

    kind = forms.ChoiceField(label="Вид")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Active kinds of the reference table, and the event's own kind when it has been retired since.
        kinds = EventKind.objects.filter(Q(is_active=True) | Q(code=self.instance.kind or ""))
        self.fields["kind"].choices = [("", core_forms.EMPTY_CHOICE), *kinds.values_list("code", "name")]
        self.fields["municipality"].queryset = Municipality.objects.visible_to(user)
        if user.municipality_id and not self.instance.pk:
            self.fields["municipality"].initial = user.municipality_id


class AttendanceRowForm(core_forms.Form):
    school_obj: School | None = None  # the row's school, set by the event page for its template
    school = forms.CharField(widget=forms.HiddenInput)
    participants = forms.IntegerField(label="Участников", min_value=0, max_value=10000, required=False)


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0)


class MaterialForm(core_forms.ModelForm):
    url = forms.URLField(label="Ссылка", required=False, assume_scheme="https")

    class Meta:
        model = EventMaterial
        fields = ["title", "file", "url", "uploaded_at"]
        widgets = {"uploaded_at": DATE}

    def clean_file(self):
        return upload_size_check(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise ValidationError("Приложите файл или укажите ссылку.")
        return data


class EventTeachersForm(core_forms.Form):
    teachers = forms.ModelMultipleChoiceField(
        label="Педагоги — участники",
        queryset=Teacher.objects.none(),
        required=False,
        # Checkboxes in a scrollable list; static/js/select-filter.js adds a search over them (without it they work).
        widget=forms.CheckboxSelectMultiple(attrs={"class": "check-list"}),
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = teachers
        self.fields["teachers"].label_from_instance = lambda t: f"{t.full_name} — {t.subject} ({t.school.display_name})"


class TeacherForm(_ScopedForm):
    class Meta:
        model = Teacher
        fields = [
            "school",
            "full_name",
            "subject",
            "category",
            "weekly_load",
            "experience_band",
            "age_band",
            "education",
            "pension_age",
            "employed_from",
            "employed_to",
            "is_active",
        ]
        widgets = {"employed_from": DATE, "employed_to": DATE}
        help_texts = {"full_name": "Достаточно фамилии и инициалов: «Иванова А. П.»."}


class _TeacherRecordForm(_ScopedForm):
    def __init__(self, *args, user, teachers, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("teacher", "mentor", "mentee"):
            if name in self.fields:
                self.fields[name].queryset = teachers
                self.fields[name].label_from_instance = lambda t: f"{t.full_name} — {t.subject}"


class CourseForm(_TeacherRecordForm):
    class Meta:
        model = PDCourse
        fields = ["teacher", "title", "provider", "hours", "form", "start", "end", "completed"]
        widgets = {"start": DATE, "end": DATE}


class DiagnosticForm(_TeacherRecordForm):
    class Meta:
        model = DeficitDiagnostic
        fields = [
            "teacher",
            "date",
            "instrument",
            "subject",
            "meta_subject",
            "methodological",
            "psycho_pedagogical",
            "notes",
        ]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class PlanForm(_TeacherRecordForm):
    class Meta:
        model = IndividualPlan
        fields = ["teacher", "year", "status"]


class PlanItemForm(core_forms.ModelForm):
    class Meta:
        model = IndividualPlanItem
        fields = ["title", "due", "status"]
        widgets = {"due": DATE}


PlanItemFormSet = forms.modelformset_factory(IndividualPlanItem, form=PlanItemForm, extra=3, can_delete=True)


class PairForm(_TeacherRecordForm):
    class Meta:
        model = MentoringPair
        fields = ["mentor", "mentee", "form", "start", "end"]
        widgets = {"start": DATE, "end": DATE}


class StaffingForm(_ScopedForm):
    """A year's staffing counts of a school, or — no school — of a municipality as a whole."""

    class Meta:
        model = StaffingFigures
        fields = [
            "school",
            "municipality",
            "year",
            "pedagogical_staff",
            "teachers_total",
            "higher_education",
            "under_35",
            "over_55",
            "pension_age",
            "qualified_category",
            "experience_over_20",
            "source",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.visible_to(user)
        self.fields["municipality"].required = False
        self.fields["municipality"].help_text = "по ОО — подставляется сам; без ОО — муниципалитет в целом"

    def clean(self):
        data = super().clean()
        school = data.get("school")
        if school is not None:
            data["municipality"] = school.municipality
        elif not data.get("municipality"):
            self.add_error("municipality", "Укажите ОО или муниципалитет.")
        return data


class StaffingSubjectForm(core_forms.ModelForm):
    class Meta:
        model = StaffingSubject
        fields = ["subject", "teachers", "qualified_category", "pension_age", "pd_completed"]


StaffingSubjectFormSet = forms.modelformset_factory(StaffingSubject, form=StaffingSubjectForm, extra=3, can_delete=True)
