from typing import NoReturn
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_log
from core.filtersets import filterset_for_page, filterset_values
from core.listing import shown_name, table_page
from core.models import AuditEvent
from core.views import capability_required
from core.years import year_default, year_select
from schools.access import is_curator, user_can
from schools.models import School

from .filtersets import EventFilterSet, PartnershipFilterSet, TeacherFilterSet, TeacherSummaryFilterSet, VisitFilterSet
from .forms import (
    ActivityForm,
    AssignmentForm,
    AttendanceFormSet,
    CourseForm,
    DiagnosticForm,
    EventForm,
    EventTeachersForm,
    MaterialForm,
    PairForm,
    PartnershipForm,
    PlanForm,
    PlanItemFormSet,
    StaffingForm,
    StaffingSubjectFormSet,
    TeacherForm,
    VisitForm,
    apply_service,
)
from .models import EventMaterial, EventTeacherAttendance, IndividualPlanItem, StaffingSubject
from .selectors.common import names_visible
from .selectors.curators import assignment_list as assignment_list_selector
from .selectors.curators import curator_schools
from .selectors.curators import visit_list as visit_list_selector
from .selectors.events import MATERIALS_LABELS, attendance_by_school, event_coverage, event_decorate, materials_status
from .selectors.events import event_list as event_list_selector
from .selectors.overview import overview
from .selectors.partnerships import partnership_activities
from .selectors.partnerships import partnership_list as partnership_list_selector
from .selectors.staffing import staffing_by_year, staffing_list
from .selectors.teachers import course_list, diagnostic_list, pair_list, plan_list, teacher_summary
from .selectors.teachers import teacher_list as teacher_list_selector
from .services.curators import assignment_create, assignment_update, visit_create, visit_update
from .services.events import event_create, event_material_add, event_teachers_set, event_update
from .services.partnerships import partnership_activity_add, partnership_create, partnership_update
from .services.staffing import staffing_save
from .services.teachers import (
    course_create,
    course_update,
    diagnostic_create,
    diagnostic_update,
    pair_create,
    pair_update,
    plan_save,
    teacher_create,
    teacher_update,
)

SAVED = "Сохранено."
PAGE_SIZE = 50


def _forbid(request, capability: str) -> NoReturn:
    """The same logged 403 as capability_required, for a POST to a page anyone in scope may read."""
    audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, capability=capability)
    raise PermissionDenied("Недостаточно прав для этого действия.")


def _crumbs(*pairs) -> list[tuple[str, str]]:
    return [("Адресная помощь", reverse("mentoring:index")), *pairs]


def _form_page(request, *, form, title: str, back: str, crumbs, formset=None, formset_title: str = "", note: str = ""):
    return render(
        request,
        "mentoring/form.html",
        {
            "form": form,
            "formset": formset,
            "formset_title": formset_title,
            "title": title,
            "back": back,
            "crumbs": crumbs,
            "note": note,
        },
    )


def _query(data: dict) -> str:
    return urlencode({k: v for k, v in data.items() if v not in (None, "")})


def _page_filters(request, filterset_class, queryset, *, fields: list[str], schools=None, labels=None):
    """A list's FilterSet on its page: the years of core.years and the schools in scope offered as selects."""
    schools = schools if schools is not None else School.objects.visible_to(request.user)
    choices = {"school": [(s.code, s.display_name) for s in schools]} if "school" in fields else {}
    return filterset_for_page(
        filterset_class, request, queryset, fields=fields, years_of=schools, choices=choices, labels=labels
    )


# --- overview -------------------------------------------------------------------------------------------------


@login_required
def index(request):
    choice = year_select(value=request.GET.get("year"), user=request.user)
    context = overview(user=request.user, year=choice.year)
    context.update(
        {
            **choice.context(),
            "crumbs": [("Адресная помощь", "")],
            "can_support": user_can(request.user, "support.edit"),
            "can_visit": user_can(request.user, "visits.edit"),
            "is_curator": is_curator(request.user),
            "my_schools": list(curator_schools(user=request.user)) if is_curator(request.user) else [],
        }
    )
    return render(request, "mentoring/index.html", context)


# --- curators -------------------------------------------------------------------------------------------------


@login_required
def assignment_list(request):
    assignments = assignment_list_selector(user=request.user)
    return render(
        request,
        "mentoring/assignment_list.html",
        {
            "page": table_page(request, assignments, per_page=PAGE_SIZE),
            "can_edit": user_can(request.user, "support.edit"),
            "crumbs": _crumbs(("Кураторы", "")),
            "today": timezone.localdate(),
        },
    )


@capability_required("support.edit")
def assignment_edit(request, pk: int | None = None):
    assignment = get_object_or_404(assignment_list_selector(user=request.user), pk=pk) if pk else None
    form = AssignmentForm(request.POST or None, instance=assignment, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = apply_service(
            form,
            lambda: (
                assignment_update(assignment=assignment, **data, user=request.user)
                if assignment
                else assignment_create(**data, user=request.user)
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:assignments")
    title = "Назначение куратора" if assignment else "Назначить куратора"
    return _form_page(
        request,
        form=form,
        title=title,
        back=reverse("mentoring:assignments"),
        crumbs=_crumbs(("Кураторы", reverse("mentoring:assignments")), (title, "")),
        note="Куратор видит документы, планы и педагогов назначенных ему школ в течение периода назначения.",
    )


# Sortable columns of the lists (core.listing). A teacher's name is not one: where names are hidden, the order
# would tell them.
VISIT_SORTS = {
    "date": "date",
    "school": shown_name("school__"),
    "curator": "curator__last_name",
    "lessons": "lessons_observed",
}
EVENT_SORTS = {"date": "date", "title": "title", "host": shown_name("host_school__")}
TEACHER_SORTS = {
    "school": shown_name("school__"),
    "subject": "subject",
    "category": "category",
    "load": "weekly_load",
    "experience": "experience_band",
}


@login_required
def visit_list(request):
    schools = School.objects.visible_to(request.user).order_by("short_name", "name")
    filters = _page_filters(
        request, VisitFilterSet, visit_list_selector(user=request.user), fields=["year", "school"], schools=schools
    )
    query = _query(filterset_values(filters))
    return render(
        request,
        "mentoring/visit_list.html",
        {
            "form": filters.form,
            "page": table_page(request, filters.qs, sorts=VISIT_SORTS, per_page=PAGE_SIZE),
            "page_query": query,
            "export_query": query,
            "my_schools": curator_schools(user=request.user) if is_curator(request.user) else None,
            "can_edit": user_can(request.user, "visits.edit"),
            "today": timezone.localdate(),
            "crumbs": _crumbs(("Визиты кураторов", "")),
        },
    )


@capability_required("visits.edit")
def visit_edit(request, pk: int | None = None):
    visit = get_object_or_404(visit_list_selector(user=request.user), pk=pk) if pk else None
    initial = (
        {
            "school": request.GET.get("school")
            and School.objects.visible_to(request.user).filter(code=request.GET["school"]).first(),
            "date": timezone.localdate(),
        }
        if not visit
        else None
    )
    form = VisitForm(request.POST or None, instance=visit, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "curator" not in form.fields and not visit:
            data["curator"] = request.user
        saved = apply_service(
            form,
            lambda: (
                visit_update(visit=visit, **data, user=request.user)
                if visit
                else visit_create(**data, user=request.user)
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:visits")
    title = "Визит куратора" if visit else "Записать визит"
    return _form_page(
        request,
        form=form,
        title=title,
        back=reverse("mentoring:visits"),
        crumbs=_crumbs(("Визиты кураторов", reverse("mentoring:visits")), (title, "")),
    )


# --- partnerships ---------------------------------------------------------------------------------------------


@login_required
def partnership_list(request):
    filters = _page_filters(
        request,
        PartnershipFilterSet,
        partnership_list_selector(user=request.user),
        fields=["year"],
        labels={"year": "Действуют в году"},
    )
    year = filterset_values(filters).get("year")
    return render(
        request,
        "mentoring/partnership_list.html",
        {
            "form": filters.form,
            "page": table_page(request, filters.qs, per_page=PAGE_SIZE),
            "year": year,
            "page_query": _query({"year": year}),
            "can_edit": user_can(request.user, "support.edit"),
            "crumbs": _crumbs(("Партнёрства", "")),
        },
    )


@login_required
def partnership_detail(request, pk: int):
    partnership = get_object_or_404(partnership_list_selector(user=request.user), pk=pk)
    can_edit = user_can(request.user, "support.edit")
    form = ActivityForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:  # only an editor has the form
            _forbid(request, "support.edit")
        if form.is_valid():
            if apply_service(
                form, lambda: partnership_activity_add(partnership=partnership, **form.cleaned_data, user=request.user)
            ):
                messages.success(request, "Мероприятие добавлено.")
                return redirect("mentoring:partnership", pk=pk)
    return render(
        request,
        "mentoring/partnership_detail.html",
        {
            "p": partnership,
            "activities": partnership_activities(partnership=partnership),
            "form": form,
            "can_edit": can_edit,
            "crumbs": _crumbs(("Партнёрства", reverse("mentoring:partnerships")), (str(partnership), "")),
        },
    )


@capability_required("support.edit")
def partnership_edit(request, pk: int | None = None):
    partnership = get_object_or_404(partnership_list_selector(user=request.user), pk=pk) if pk else None
    form = PartnershipForm(request.POST or None, instance=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = apply_service(
            form,
            lambda: (
                partnership_update(partnership=partnership, **data, user=request.user)
                if partnership
                else partnership_create(**data, user=request.user)
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:partnership", pk=saved.pk)
    title = "Партнёрство" if partnership else "Новое партнёрство"
    return _form_page(
        request,
        form=form,
        title=title,
        back=reverse("mentoring:partnerships"),
        crumbs=_crumbs(("Партнёрства", reverse("mentoring:partnerships")), (title, "")),
    )


# --- events ---------------------------------------------------------------------------------------------------


@login_required
def event_list(request):
    schools = School.objects.visible_to(request.user).order_by("short_name", "name")
    filters = _page_filters(
        request,
        EventFilterSet,
        event_list_selector(user=request.user),
        fields=["year", "school", "kind"],
        schools=schools,
    )
    values = filterset_values(filters)
    page = table_page(request, filters.qs, sorts=EVENT_SORTS, per_page=PAGE_SIZE)
    rows = event_decorate(page.object_list)
    query = _query(values)
    totals = attendance_by_school(user=request.user, year=values.get("year"))
    return render(
        request,
        "mentoring/event_list.html",
        {
            "form": filters.form,
            "page": page,
            "rows": rows,
            "page_query": query,
            "export_query": query,
            "totals": totals[:30],
            "labels": MATERIALS_LABELS,
            "can_edit": user_can(request.user, "support.edit"),
            "crumbs": _crumbs(("Мероприятия", "")),
        },
    )


def _event_schools(user, event):
    schools = School.objects.visible_to(user)
    municipality_id = event.municipality_id if event else user.municipality_id
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    return list(schools.order_by("short_name", "name"))


@login_required
def material_download(request, pk: int):
    """An event's material file, to those who see the event; every download is logged."""
    material = get_object_or_404(EventMaterial.objects.visible_to(request.user).exclude(file=""), pk=pk)
    return material_file_response(request=request, material=material)


def material_file_response(*, request, material: EventMaterial):
    """The page's link and the API's material `url` serve the file the same way."""
    from pathlib import PurePath

    from core.api import file_download

    return file_download(
        request=request,
        open_file=lambda: material.file.open("rb"),
        filename=f"{material.title[:100]}{PurePath(material.file.name or '').suffix}",
        what="event_material",
        id=material.pk,
    )


@login_required
def event_detail(request, pk: int):
    event = get_object_or_404(event_list_selector(user=request.user), pk=pk)
    can_edit = user_can(request.user, "support.edit")
    show_names = names_visible(request.user)
    material_form = MaterialForm(initial={"uploaded_at": timezone.localdate()}) if can_edit else None
    attending = {a.school_id for a in event.visible_attendances} | ({event.host_school_id} - {None})
    teachers = teacher_list_selector(user=request.user).filter(school_id__in=attending, is_active=True)
    teachers_form = (
        EventTeachersForm(
            initial={"teachers": [a.teacher_id for a in event.teacher_attendances.all()]}, teachers=teachers
        )
        if can_edit and show_names
        else None
    )
    if request.method == "POST":
        if not can_edit:
            _forbid(request, "support.edit")
        if "teachers" in request.POST or request.POST.get("form") == "teachers":
            teachers_form = EventTeachersForm(request.POST, teachers=teachers)

            def teachers_set() -> bool:  # the service returns nothing: True tells apply_service that it ran
                event_teachers_set(event=event, teachers=teachers_form.cleaned_data["teachers"], user=request.user)
                return True

            if teachers_form.is_valid() and apply_service(teachers_form, teachers_set):
                messages.success(request, "Список педагогов сохранён.")
                return redirect("mentoring:event", pk=pk)
        else:
            material_form = MaterialForm(request.POST, request.FILES)
            if material_form.is_valid() and apply_service(
                material_form, lambda: event_material_add(event=event, **material_form.cleaned_data, user=request.user)
            ):
                messages.success(request, "Материал размещён.")
                return redirect("mentoring:event", pk=pk)
    teacher_rows = (
        EventTeacherAttendance.objects.visible_to(request.user)
        .filter(event=event)
        .select_related("teacher", "teacher__school")
        .order_by("teacher__school__short_name", "teacher__full_name")
    )
    return render(
        request,
        "mentoring/event_detail.html",
        {
            "event": event,
            "coverage": event_coverage(event),
            "materials_status": materials_status(event),
            "labels": MATERIALS_LABELS,
            "material_form": material_form,
            "teachers_form": teachers_form,
            "teacher_rows": teacher_rows,
            "teacher_count": event.teacher_attendances.count(),
            "show_names": show_names,
            "can_edit": can_edit,
            "crumbs": _crumbs(("Мероприятия", reverse("mentoring:events")), (event.title, "")),
        },
    )


@capability_required("support.edit")
def event_edit(request, pk: int | None = None):
    event = get_object_or_404(event_list_selector(user=request.user), pk=pk) if pk else None
    schools = _event_schools(request.user, event)
    by_code = {s.code: s for s in schools}
    current = {a.school_id: a.participants for a in event.visible_attendances} if event else {}
    initial = [{"school": s.code, "participants": current.get(s.pk)} for s in schools]
    form = EventForm(request.POST or None, instance=event, user=request.user)
    formset = AttendanceFormSet(request.POST or None, initial=initial, prefix="att")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        attendance = [
            (by_code[row["school"]], row["participants"])
            for row in formset.cleaned_data
            if row.get("school") in by_code and row.get("participants")
        ]
        data = form.cleaned_data
        saved = apply_service(
            form,
            lambda: (
                event_update(event=event, **data, attendance=attendance, user=request.user)
                if event
                else event_create(**data, attendance=attendance, user=request.user)
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:event", pk=saved.pk)
    for row_form, school in zip(formset.forms, schools):
        row_form.school_obj = school
    title = "Мероприятие" if event else "Новое мероприятие"
    return _form_page(
        request,
        form=form,
        formset=formset,
        formset_title="Участие школ (число участников)",
        title=title,
        back=reverse("mentoring:events"),
        crumbs=_crumbs(("Мероприятия", reverse("mentoring:events")), (title, "")),
        note="Материалы размещаются в течение 10 дней после мероприятия; позже — с отметкой об опоздании.",
    )


# --- teachers -------------------------------------------------------------------------------------------------


@login_required
def teacher_list(request):
    schools = School.objects.visible_to(request.user).order_by("short_name", "name")
    # The form is the summary's (the year its counts are of, a school); the teachers are narrowed by the school.
    summary = _page_filters(
        request, TeacherSummaryFilterSet, School.objects.none(), fields=["year", "school"], schools=schools
    )
    values = filterset_values(summary)
    year = values.get("year") or year_default(schools=schools).year
    summary.queryset = teacher_summary(user=request.user, year=year)
    teachers = filterset_for_page(
        TeacherFilterSet, request, teacher_list_selector(user=request.user, active=True), fields=["school"]
    )
    query = _query({"school": values.get("school")})
    school = schools.filter(code=values["school"]).first() if values.get("school") else None
    return render(
        request,
        "mentoring/teacher_list.html",
        {
            "staffing": staffing_by_year(user=request.user, years=[year], school=school),
            "form": summary.form,
            "page": table_page(request, teachers.qs, sorts=TEACHER_SORTS, per_page=PAGE_SIZE),
            "summary": summary.qs,
            "year": year,
            "page_query": _query(values),
            "export_query": query,
            "show_names": names_visible(request.user),
            "can_edit": user_can(request.user, "teachers.edit"),
            "crumbs": _crumbs(("Педагоги", "")),
        },
    )


@login_required
def teacher_detail(request, pk: int):
    teacher = get_object_or_404(teacher_list_selector(user=request.user), pk=pk)
    user = request.user
    return render(
        request,
        "mentoring/teacher_detail.html",
        {
            "t": teacher,
            "show_names": names_visible(user),
            "can_edit": user_can(user, "teachers.edit"),
            "courses": course_list(user=user, teacher=teacher.pk),
            "diagnostics": diagnostic_list(user=user, teacher=teacher.pk),
            "plans": plan_list(user=user, teacher=teacher.pk),
            "pairs": pair_list(user=user, teacher=teacher.pk),
            "events": teacher.event_attendances.select_related("event").order_by("-event__date"),
            "crumbs": _crumbs(
                ("Педагоги", reverse("mentoring:teachers")),
                (teacher.full_name if names_visible(user) else f"Педагог № {teacher.pk}", ""),
            ),
        },
    )


@capability_required("teachers.edit")
def teacher_edit(request, pk: int | None = None):
    teacher = get_object_or_404(teacher_list_selector(user=request.user), pk=pk) if pk else None
    initial = {"school": request.user.school} if not teacher and request.user.school_id else None
    form = TeacherForm(request.POST or None, instance=teacher, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = apply_service(
            form,
            lambda: (
                teacher_update(teacher=teacher, **data, user=request.user)
                if teacher
                else teacher_create(**data, user=request.user)
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:teacher", pk=saved.pk)
    title = "Педагог" if teacher else "Новый педагог"
    return _form_page(
        request,
        form=form,
        title=title,
        back=reverse("mentoring:teachers"),
        crumbs=_crumbs(("Педагоги", reverse("mentoring:teachers")), (title, "")),
        note="Храним минимум персональных данных: ФИО, предмет, категорию, нагрузку и интервалы стажа "
        "и возраста — без дат рождения и контактов.",
    )


def _record_view(*, form_class, selector, create, update, noun: str, title_new: str, title_edit: str):
    """A teacher's course, diagnostic or mentoring pair: one form page for new and edited records."""

    @capability_required("teachers.edit")
    def view(request, pk: int | None = None):
        record = get_object_or_404(selector(user=request.user), pk=pk) if pk else None
        teachers = teacher_list_selector(user=request.user, active=None)
        teacher_pk = request.GET.get("teacher")
        initial = {"teacher": teacher_pk, "mentee": teacher_pk} if teacher_pk and not record else None
        form = form_class(request.POST or None, instance=record, initial=initial, user=request.user, teachers=teachers)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            saved = apply_service(
                form, lambda: update(record, data, request.user) if record else create(data, request.user)
            )
            if saved:
                messages.success(request, SAVED)
                target = getattr(saved, "teacher", None) or saved.mentee
                return redirect("mentoring:teacher", pk=target.pk)
        title = title_edit if record else title_new
        return _form_page(
            request,
            form=form,
            title=title,
            back=reverse("mentoring:teachers"),
            crumbs=_crumbs(("Педагоги", reverse("mentoring:teachers")), (title, "")),
        )

    view.__name__ = f"{noun}_edit"
    return view


course_edit = _record_view(
    form_class=CourseForm,
    selector=course_list,
    noun="course",
    create=lambda d, u: course_create(**d, user=u),
    update=lambda r, d, u: course_update(course=r, **d, user=u),
    title_new="Курсы повышения квалификации",
    title_edit="Курсы повышения квалификации",
)
diagnostic_edit = _record_view(
    form_class=DiagnosticForm,
    selector=diagnostic_list,
    noun="diagnostic",
    create=lambda d, u: diagnostic_create(**d, user=u),
    update=lambda r, d, u: diagnostic_update(diagnostic=r, **d, user=u),
    title_new="Диагностика дефицитов",
    title_edit="Диагностика дефицитов",
)
pair_edit = _record_view(
    form_class=PairForm,
    selector=pair_list,
    noun="pair",
    create=lambda d, u: pair_create(**d, user=u),
    update=lambda r, d, u: pair_update(pair=r, **d, user=u),
    title_new="Пара наставничества",
    title_edit="Пара наставничества",
)


@capability_required("teachers.edit")
def plan_edit(request, pk: int | None = None):
    plan = get_object_or_404(plan_list(user=request.user), pk=pk) if pk else None
    teachers = teacher_list_selector(user=request.user, active=None)
    initial = {"teacher": request.GET.get("teacher"), "year": timezone.localdate().year} if not plan else None
    form = PlanForm(request.POST or None, instance=plan, initial=initial, user=request.user, teachers=teachers)
    items = plan.items.all() if plan else IndividualPlanItem.objects.none()
    formset = PlanItemFormSet(request.POST or None, queryset=items, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            {k: row[k] for k in ("title", "due", "status")}
            for row in formset.cleaned_data
            if row and row.get("title") and not row.get("DELETE")
        ]
        data = form.cleaned_data
        saved = apply_service(form, lambda: plan_save(plan=plan, items=rows, **data, user=request.user))
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:teacher", pk=saved.teacher_id)
    title = "ИОМ педагога"
    return _form_page(
        request,
        form=form,
        formset=formset,
        formset_title="Пункты ИОМ",
        title=title,
        back=reverse("mentoring:teachers"),
        crumbs=_crumbs(("Педагоги", reverse("mentoring:teachers")), (title, "")),
    )


# --- staffing figures -----------------------------------------------------------------------------------------


@login_required
def staffing_page(request):
    """Staffing figures in scope, newest year first, with links to edit them."""
    rows = staffing_list(user=request.user)
    return render(
        request,
        "mentoring/staffing_list.html",
        {
            "page": table_page(request, rows, per_page=PAGE_SIZE),
            "can_edit": user_can(request.user, "teachers.edit"),
            "crumbs": _crumbs(("Педагоги", reverse("mentoring:teachers")), ("Кадровый состав", "")),
        },
    )


@capability_required("teachers.edit")
def staffing_edit(request, pk: int | None = None):
    figures = get_object_or_404(staffing_list(user=request.user), pk=pk) if pk else None
    initial = None
    if not figures:
        initial = (
            {"school": request.user.school, "year": timezone.localdate().year}
            if request.user.school_id
            else {"year": timezone.localdate().year}
        )
    form = StaffingForm(request.POST or None, instance=figures, initial=initial, user=request.user)
    subjects = figures.subjects.all() if figures else StaffingSubject.objects.none()
    formset = StaffingSubjectFormSet(request.POST or None, queryset=subjects, prefix="subjects")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            {k: row[k] for k in ("subject", "teachers", "qualified_category", "pension_age", "pd_completed")}
            for row in formset.cleaned_data
            if row and row.get("subject") and not row.get("DELETE")
        ]
        data = form.cleaned_data
        saved = apply_service(form, lambda: staffing_save(figures=figures, subjects=rows, **data, user=request.user))
        if saved:
            messages.success(request, SAVED)
            return redirect("mentoring:staffing")
    title = "Кадровый состав (сводные данные)"
    return _form_page(
        request,
        form=form,
        formset=formset,
        formset_title="По предметам (если документ их приводит)",
        title=title,
        back=reverse("mentoring:staffing"),
        crumbs=_crumbs(("Кадровый состав", reverse("mentoring:staffing")), (title, "")),
        note="Сводные данные вносятся там, где педагоги поимённо не ведутся: за год, где у ОО есть список "
        "педагогов, показатели считаются по списку. Части (с высшим образованием, до 35 лет и др.) не больше, чем "
        "учителей всего.",
    )
