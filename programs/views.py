import datetime
from collections import defaultdict
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from core.audit import audit_log
from core.errors import ApplicationError, error_show, form_errors_add
from core.filtersets import filterset_for_page, filterset_values
from core.importing import error_report_xlsx
from core.listing import shown_name, table_page
from core.models import AuditEvent
from core.tables import table_read
from core.uploads import upload_limits, upload_read, upload_store
from core.views import capability_required
from core.years import year_select, year_valid
from schools.access import is_school_admin, user_can
from schools.models import Municipality, School

from . import selectors
from .filtersets import ActivityFilterSet, DocumentFilterSet, ProgramFilterSet
from .forms import (
    DeadlineForm,
    DocumentCreateForm,
    EvidenceForm,
    PlanImportForm,
    PlanItemForm,
    ProgramForm,
    RemarkAnswerForm,
    RiskProfileForm,
    TransitionForm,
    VersionForm,
)
from .models import (
    DocumentRemark,
    DocumentVersion,
    PlanItem,
    PlanItemEvidence,
    Program,
    ProgramTrack,
    RiskFactor,
    RiskProfile,
    SchoolDocument,
)
from .services.documents import (
    DOCUMENT_TRANSITIONS,
    REMARK_ANSWER_EMPTY,
    TRANSITION_LABELS,
    document_remark_answer,
    document_transitions_for,
    document_version_add,
)
from .services.documents import document_create as document_create_service
from .services.documents import document_transition as document_transition_service
from .services.notifications import notification_read
from .services.plan_import import plan_import as plan_import_service
from .services.plan_import import plan_table_from_paste
from .services.plan_items import plan_item_deadline_set, plan_item_evidence_add, plan_item_update
from .services.programmes import program_save
from .services.risk_profiles import (
    risk_profile_get_or_create,
    risk_profile_questionnaire_save,
    risk_profile_return,
    risk_profile_verify,
)

IMPORT_SALT = "programs.plan_import"


def _deny(request, capability: str):
    audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, capability=capability)
    raise PermissionDenied("Недостаточно прав для этого действия.")


def _require(request, capability: str) -> None:
    if not user_can(request.user, capability):
        _deny(request, capability)


# --- Programmes ----------------------------------------------------------------------------------------------------


@login_required
def program_list(request):
    today = timezone.localdate()
    filters = filterset_for_page(
        ProgramFilterSet,
        request,
        selectors.program_list(user=request.user),
        fields=["year"],
        years_of=School.objects.visible_to(request.user),
    )
    year = filterset_values(filters).get("year")
    programs = list(filters.qs)
    # A year's list shows completion as of that year, as the dashboard does.
    as_of = min(today, datetime.date(year, 12, 31)) if year else today
    completion = selectors.program_completion_map(program_ids=[p.pk for p in programs], today=as_of, year=year)
    rows = [{"program": p, "completion": completion[p.pk].overall} for p in programs]
    return render(
        request,
        "programs/program_list.html",
        {
            "rows": rows,
            "can_edit": user_can(request.user, "programs.edit"),
            "year": year,
            "form": filters.form,
            "export_query": urlencode({"year": year}) if year else "",
        },
    )


def _calendar_year(request, program: Program, today) -> int:
    year = request.GET.get("year", "")
    if year_valid(year):
        return int(year)
    return today.year if today.year in program.years else program.period_start.year


@login_required
def program_detail(request, code: str):
    today = timezone.localdate()
    program = get_object_or_404(selectors.program_detail_list(user=request.user), code=code)
    items = list(selectors.plan_item_list(user=request.user, program=program, today=today))
    overdue = [i for i in items if i.is_overdue(today)]
    year = _calendar_year(request, program, today)
    participants: defaultdict[int, defaultdict[ProgramTrack | None, list[School]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for p in program.participants.all():
        participants[p.year][p.track].append(p.school)
    by_year = [
        {
            "year": y,
            "tracks": [
                {"track": t, "schools": s}
                for t, s in sorted(tracks.items(), key=lambda kv: kv[0].number if kv[0] else 999)
            ],
        }
        for y, tracks in sorted(participants.items())
    ]
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "completion": selectors.program_completion(program=program, today=today),
            "items_count": len(items),
            "overdue": overdue,
            "due_soon": selectors.due_soon(items, today=today),
            "calendar": selectors.year_calendar(items, year=year, today=today),
            "calendar_year": year,
            "calendar_years": sorted(set(program.years) | {today.year}),
            "participants": by_year,
            "can_edit": user_can(request.user, "programs.edit"),
            "today": today,
        },
    )


@login_required
def plan(request, code: str):
    """The whole plan-schedule, by block, with filters; the page a methodologist works from."""
    today = timezone.localdate()
    program = get_object_or_404(selectors.program_list(user=request.user), code=code)
    filters = filterset_for_page(
        ActivityFilterSet,
        request,
        selectors.plan_item_program_list(user=request.user, program=program),
        fields=["status", "school"],
        hidden=["school"],
    )
    values = filterset_values(filters)
    status, school_code = values.get("status", ""), values.get("school", "")
    school = None
    if school_code:
        school = get_object_or_404(
            School.objects.visible_to(request.user), code=school_code, municipality=program.municipality_id
        )
    items = list(filters.qs)
    blocks: dict[str, list] = {}
    for item in items:
        item.overdue_now = item.is_overdue(today)
        item.due_now = item.due_date(today)
        blocks.setdefault(item.block or "Без раздела", []).append(item)
    query = urlencode({k: v for k, v in (("status", status), ("school", school_code)) if v})
    return render(
        request,
        "programs/plan.html",
        {
            "program": program,
            "blocks": blocks.items(),
            "count": len(items),
            "status": status,
            "school": school,
            "form": filters.form,
            "can_edit": user_can(request.user, "programs.edit"),
            "export_query": query,
            "unparsed": sum(1 for i in items if i.deadline_kind == PlanItem.Kind.UNPARSED),
        },
    )


def _program_form_save(request, form, program=None):
    data = form.cleaned_data
    try:
        return program_save(
            user=request.user,
            program=program,
            code=data["code"],
            title=data["title"],
            kind=data["kind"],
            municipality=data["municipality"],
            order_number=data["order_number"],
            order_date=data["order_date"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            developer=data["developer"],
            executors=data["executors"],
            coordinator=data["coordinator"],
            goal=data["goal"],
            period_text=data["period_text"],
            main_idea=data["main_idea"],
            funding_sources=data["funding_sources"],
            normative_basis=data["normative_basis"],
            tasks=data["tasks"],
            expected_results=data["expected_results"],
            risks=data["risks"],
            block_titles=data["block_titles"],
            tracks=data["tracks"],
            participants=data["participants"],
        )
    except ApplicationError as exc:
        form_errors_add(form, exc)
        return None


@capability_required("programs.edit")
def program_create(request):
    municipalities = Municipality.objects.visible_to(request.user).order_by("name")
    form = ProgramForm(
        request.POST or None,
        municipalities=municipalities,
        initial={"municipality": getattr(request.user, "municipality_id", None)},
    )
    if request.method == "POST" and form.is_valid():
        program = _program_form_save(request, form)
        if program:
            messages.success(request, "Программа создана. Теперь загрузите её план-график.")
            return redirect("programs:import", code=program.code)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


@capability_required("programs.edit")
def program_edit(request, code: str):
    program = get_object_or_404(selectors.program_list(user=request.user), code=code)
    municipalities = Municipality.objects.visible_to(request.user).order_by("name")
    form = ProgramForm(
        request.POST or None, municipalities=municipalities, program=program, initial=ProgramForm.initial_for(program)
    )
    if request.method == "POST" and form.is_valid():
        program = _program_form_save(request, form, program=program)
        if program:
            messages.success(request, "Изменения сохранены.")
            return redirect("programs:detail", code=program.code)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@capability_required("programs.edit")
def plan_import(request, code: str):
    """Upload or paste a plan table; a dry run shows how every row was read, then the user confirms."""
    program = get_object_or_404(selectors.program_list(user=request.user), code=code)
    schools = School.objects.visible_to(request.user).filter(municipality=program.municipality_id)
    form = PlanImportForm(request.POST if request.method == "POST" else None, request.FILES or None, schools=schools)
    context = {"program": program, "form": form}
    if request.method != "POST":
        return render(request, "programs/plan_import.html", context)
    if "token" in request.POST:  # confirmation of a previewed table
        try:
            source = signing.loads(request.POST["token"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, "Предпросмотр устарел. Загрузите таблицу ещё раз.")
            return redirect("programs:import", code=program.code)
        if source["program"] != program.pk:
            raise Http404
        return _plan_import_run(request, program, source, schools, dry_run=False, context=context)
    if not form.is_valid():
        return render(request, "programs/plan_import.html", context)
    data = form.cleaned_data
    if data.get("file"):
        upload = data["file"]
        source = {
            "path": upload_store(content=upload.read(), filename=upload.name, folder="programs/plans"),
            "filename": upload.name,
        }
    else:
        source = {"text": data["text"]}
    source.update(program=program.pk, school=data.get("school") or "")
    return _plan_import_run(request, program, source, schools, dry_run=True, context=context)


def _plan_import_run(request, program, source, schools, *, dry_run: bool, context: dict):
    school = get_object_or_404(schools, code=source["school"]) if source.get("school") else None
    try:
        if "text" in source:
            table = plan_table_from_paste(source["text"])
        else:
            table = table_read(upload_read(source["path"]), filename=source["filename"], limits=upload_limits())
    except ApplicationError as exc:  # a refused file (TableError) or a refusal of the service
        form_errors_add(context["form"], exc)
        return render(request, "programs/plan_import.html", context)
    outcome = plan_import_service(table=table, program=program, user=request.user, school=school, dry_run=dry_run)
    if outcome.status == "rejected":
        if request.POST.get("report") == "xlsx":
            from django.http import HttpResponse

            response = HttpResponse(
                error_report_xlsx(table, outcome.errors),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = 'attachment; filename="plan-errors.xlsx"'
            return response
        context.update(outcome=outcome, errors=outcome.errors[:200], token=signing.dumps(source, salt=IMPORT_SALT))
        return render(request, "programs/plan_import.html", context)
    if dry_run:
        context.update(
            outcome=outcome, preview=outcome.rows, school=school, token=signing.dumps(source, salt=IMPORT_SALT)
        )
        return render(request, "programs/plan_import.html", context)
    messages.success(
        request,
        (
            f"План загружен: добавлено {outcome.created}, обновлено {outcome.updated}, без изменений {outcome.unchanged}."
            + (f" Сроков не распознано: {outcome.unparsed} — их нужно установить вручную." if outcome.unparsed else "")
        ),
    )
    url = reverse("programs:plan", args=[program.code])
    return redirect(f"{url}?school={school.code}" if school else url)


@login_required
def item_detail(request, code: str, pk: int):
    """An activity: its deadline, status and fact, evidence and comments; editors change them here."""
    today = timezone.localdate()
    item = get_object_or_404(selectors.plan_item_detail(user=request.user, pk=pk), program__code=code)
    capability = "documents.edit" if item.school_id and is_school_admin(request.user) else "programs.edit"
    can_edit = user_can(request.user, capability)
    item_form = PlanItemForm(initial=PlanItemForm.initial_for(item))
    evidence_form = EvidenceForm()
    deadline_form = DeadlineForm(initial={"start": item.deadline_start, "end": item.deadline_end})
    if request.method == "POST":
        if not can_edit:
            _deny(request, capability)
        action = request.POST.get("action")
        try:
            if action == "update":
                item_form = PlanItemForm(request.POST)
                if item_form.is_valid():
                    plan_item_update(item=item, user=request.user, **item_form.cleaned_data)
                    messages.success(request, "Сохранено.")
                    return redirect("programs:item", code=code, pk=item.pk)
            elif action == "evidence":
                evidence_form = EvidenceForm(request.POST, request.FILES)
                if evidence_form.is_valid():
                    f = evidence_form.cleaned_data.get("file")
                    plan_item_evidence_add(
                        item=item,
                        user=request.user,
                        title=evidence_form.cleaned_data["title"],
                        url=evidence_form.cleaned_data.get("url") or "",
                        content=f.read() if f else None,
                        filename=f.name if f else "",
                    )
                    messages.success(request, "Подтверждение добавлено.")
                    return redirect("programs:item", code=code, pk=item.pk)
            elif action == "deadline":
                deadline_form = DeadlineForm(request.POST)
                if deadline_form.is_valid():
                    plan_item_deadline_set(item=item, user=request.user, **deadline_form.cleaned_data)
                    messages.success(request, "Срок установлен.")
                    return redirect("programs:item", code=code, pk=item.pk)
        except ApplicationError as exc:
            error_show(request, exc)
    return render(
        request,
        "programs/item.html",
        {
            "program": item.program,
            "item": item,
            "can_edit": can_edit,
            "overdue": item.is_overdue(today),
            "due": item.due_date(today),
            "item_form": item_form,
            "evidence_form": evidence_form,
            "deadline_form": deadline_form,
            "changes": item.history.select_related("history_user")[:20],
        },
    )


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(PlanItemEvidence.objects.visible_to(request.user).exclude(file=""), pk=pk)
    audit_log(kind=AuditEvent.Kind.DOWNLOAD, request=request, what="evidence", id=evidence.pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename or "file")


# --- School documents ----------------------------------------------------------------------------------------------


# The documents list's sortable columns (core.listing).
DOCUMENT_SORTS = {
    "school": shown_name("school__"),
    "title": "title",
    "kind": "kind",
    "year": "year",
    "status": "status",
}


@login_required
def documents(request):
    user = request.user
    filters = filterset_for_page(
        DocumentFilterSet,
        request,
        selectors.document_list(user=user),
        fields=["status", "year"],
        years_of=School.objects.visible_to(user),
    )
    values = filterset_values(filters)
    page = table_page(request, filters.qs, sorts=DOCUMENT_SORTS)
    return render(
        request,
        "programs/documents.html",
        {
            "page": page,
            "documents": page.object_list,
            "queue": selectors.document_review_queue(user=user) if user_can(user, "documents.review") else None,
            "can_create": user_can(user, "documents.edit"),
            "form": filters.form,
            "status": values.get("status", ""),
            "year": values.get("year"),
        },
    )


@capability_required("documents.edit")
def document_create(request):
    schools = School.objects.visible_to(request.user)
    school_id = request.POST.get("school") or (schools.first().pk if schools.exists() else None)
    year = request.POST.get("year") or str(timezone.localdate().year)
    factors = RiskFactor.objects.none()
    if school_id and str(school_id).isdigit() and year.isdigit():
        school = schools.filter(pk=school_id).first()
        if school:
            factors = selectors.verified_factors(school=school, year=int(year))
    # The choice offered on the page: every school's verified factors in scope, checked per school by the service.
    offered = (
        RiskFactor.objects.filter(entries__verified=True, entries__profile__school__in=schools).distinct()
        if request.method == "GET"
        else factors
    )
    form = DocumentCreateForm(
        request.POST or None, schools=schools, factors=offered, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            doc = document_create_service(
                user=request.user,
                school=data["school"],
                kind=data["kind"],
                year=data["year"],
                title=data["title"],
                risk_factor=data["risk_factor"],
            )
        except ApplicationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "Документ создан. Загрузите первую версию и отправьте его на проверку.")
            return redirect("programs:document", pk=doc.pk)
    return render(request, "programs/document_form.html", {"form": form})


@login_required
def document_detail(request, pk: int):
    doc = get_object_or_404(selectors.document_detail(user=request.user), pk=pk)
    allowed = document_transitions_for(document=doc, user=request.user)
    can_version = doc.status in (SchoolDocument.Status.DRAFT, SchoolDocument.Status.RETURNED) and user_can(
        request.user, "documents.edit"
    )
    current = next(iter(doc.versions.all()), None)  # versions come newest first
    approve = SchoolDocument.Status.APPROVED in allowed
    return render(
        request,
        "programs/document_detail.html",
        {
            "doc": doc,
            "actions": [(s, TRANSITION_LABELS[SchoolDocument.Status(s)]) for s in allowed if s != "approved"],
            "approve": approve,
            "approve_label": TRANSITION_LABELS[SchoolDocument.Status.APPROVED],
            "current": current,
            "current_pdf": bool(current and current.file and _pdf_named(current.filename or current.file.name)),
            "can_version": can_version,
            "version_form": VersionForm(),
            "transition_form": TransitionForm(),
            "can_answer": user_can(request.user, "documents.edit"),
            "answer_form": RemarkAnswerForm(),
            "Status": SchoolDocument.Status,
        },
    )


@require_POST
@capability_required("documents.edit")
def document_version(request, pk: int):
    doc = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data.get("file")
        try:
            document_version_add(
                document=doc,
                user=request.user,
                content=f.read() if f else None,
                filename=f.name if f else "",
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Новая версия загружена.")
        except ApplicationError as exc:
            error_show(request, exc)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("programs:document", pk=doc.pk)


@require_POST
@login_required
def document_transition(request, pk: int):
    doc = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("programs:document", pk=doc.pk)
    data = form.cleaned_data
    capability = DOCUMENT_TRANSITIONS.get((doc.status, data["to_status"]))
    if capability is not None and not user_can(request.user, capability):
        _deny(request, f"documents.transition:{doc.status}->{data['to_status']}")
    try:
        document_transition_service(
            document=doc,
            user=request.user,
            to_status=data["to_status"],
            remarks=data["remarks"],
            published_url=data.get("published_url") or "",
            published_on=data.get("published_on"),
        )
        messages.success(request, f"Статус документа: «{SchoolDocument.Status(data['to_status']).label}».")
    except ApplicationError as exc:
        error_show(request, exc)
    return redirect("programs:document", pk=doc.pk)


@require_POST
@capability_required("documents.edit")
def remark_answer(request, pk: int):
    remark = get_object_or_404(
        DocumentRemark.objects.visible_to(request.user).select_related("document"),
        pk=pk,
    )
    form = RemarkAnswerForm(request.POST)
    if form.is_valid():
        document_remark_answer(remark=remark, user=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, "Ответ сохранён.")
    else:
        messages.error(request, REMARK_ANSWER_EMPTY)
    return redirect("programs:document", pk=remark.document_id)


def _pdf_named(name: str | None) -> bool:
    return (name or "").lower().endswith(".pdf")


def _pdf_inline(request, version: DocumentVersion):
    """A PDF shown in the document's page (its frame): framed by the portal's own pages only."""

    @xframe_options_sameorigin
    @csp_replace({"frame-ancestors": ["'self'"], "object-src": ["'self'"]})
    def view(request: HttpRequest) -> HttpResponseBase:
        return FileResponse(
            version.file.open("rb"),
            as_attachment=False,
            filename=version.filename or "document.pdf",
            content_type="application/pdf",
        )

    return view(request)


@login_required
def version_download(request, pk: int):
    """A version's file, as a download; `?inline=1` shows a PDF in the browser (the reviewer's page frames it)."""
    version = get_object_or_404(DocumentVersion.objects.visible_to(request.user).exclude(file=""), pk=pk)
    audit_log(kind=AuditEvent.Kind.DOWNLOAD, request=request, what="document_version", id=version.pk)
    if request.GET.get("inline") and _pdf_named(version.filename or version.file.name):
        with version.file.open("rb") as f:
            is_pdf = f.read(5) == b"%PDF-"
        if is_pdf:
            return _pdf_inline(request, version)
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.filename or "document")


# --- Risk profiles -------------------------------------------------------------------------------------------------


@login_required
def risk_profiles(request):
    choice = year_select(value=request.GET.get("year"), user=request.user)
    year = choice.year
    profiles = {p.school_id: p for p in selectors.risk_profile_list(user=request.user, year=year)}
    schools = School.objects.visible_to(request.user).select_related("municipality").order_by("short_name", "name")
    rows = [{"school": s, "profile": profiles.get(s.pk)} for s in schools[:500]]
    if not user_can(request.user, "risk.profile_edit"):
        rows = [r for r in rows if r["profile"]]
    return render(
        request,
        "programs/risk_profiles.html",
        {
            "rows": rows,
            **choice.context(),
            "can_edit": user_can(request.user, "risk.profile_edit"),
        },
    )


@login_required
def risk_profile(request, school: str, year: int):
    """The school fills the questionnaire (draft); a curator or methodologist verifies it (submitted, verified)."""
    school_obj = get_object_or_404(School.objects.visible_to(request.user), code=school)
    if not year_valid(year):
        raise Http404
    can_edit = user_can(request.user, "risk.profile_edit")
    profile = RiskProfile.objects.visible_to(request.user).filter(school=school_obj, year=year).first()
    if profile is None and not can_edit:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "start":
        if not can_edit:
            _deny(request, "risk.profile_edit")
        risk_profile_get_or_create(school=school_obj, year=year, user=request.user)
        return redirect("programs:risk_profile", school=school, year=year)
    status = profile.status if profile else None
    verify = (
        can_edit
        and user_can(request.user, "risk.profile_verify")
        and status in (RiskProfile.Status.SUBMITTED, RiskProfile.Status.VERIFIED)
    )
    fill = can_edit and user_can(request.user, "risk.profile_fill") and status == RiskProfile.Status.DRAFT
    entries = list(selectors.risk_profile_entries(profile=profile)) if profile else []
    form = RiskProfileForm(request.POST or None, entries=entries, verify=verify) if profile else None
    if request.method == "POST" and profile is not None and form is not None:  # the form exists with the profile
        action = request.POST.get("action", "")
        if not (verify or fill):
            _deny(request, "risk.profile_edit")
        try:
            if action == "return" and verify:
                risk_profile_return(profile=profile, user=request.user)
                messages.success(request, "Профиль возвращён школе.")
                return redirect("programs:risk_profile", school=school, year=year)
            if action in ("save", "submit", "verify") and form.is_valid():
                if verify:
                    risk_profile_verify(profile=profile, user=request.user, decisions=form.decisions())
                    messages.success(request, "Профиль верифицирован.")
                else:
                    risk_profile_questionnaire_save(
                        profile=profile, user=request.user, answers=form.answers(), submit=action == "submit"
                    )
                    messages.success(
                        request, "Профиль передан куратору." if action == "submit" else "Анкета сохранена."
                    )
                return redirect("programs:risk_profile", school=school, year=year)
        except ApplicationError as exc:
            error_show(request, exc)
    return render(
        request,
        "programs/risk_profile.html",
        {
            "school": school_obj,
            "year": year,
            "profile": profile,
            "form": form,
            "verify": verify,
            "fill": fill,
            "can_edit": can_edit,
            "anti_risk": selectors.document_list(user=request.user, school=school, year=year).filter(
                kind=SchoolDocument.Kind.ANTI_RISK
            )
            if profile
            else [],
        },
    )


# --- Notifications -------------------------------------------------------------------------------------------------


@login_required
def notifications(request):
    if request.method == "POST":
        pk = request.POST.get("id", "")
        notification_read(user=request.user, notification_id=int(pk) if pk.isdigit() else None)
        return redirect("programs:notifications")
    items = selectors.notification_list(user=request.user)[:200]
    return render(
        request,
        "programs/notifications.html",
        {
            "notifications": items,
            "unread": selectors.notification_list(user=request.user).filter(read_at__isnull=True).count(),
        },
    )
