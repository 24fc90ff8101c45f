from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.jobs import job_list
from core.listing import table_page
from core.tables import TableError, table_read
from core.uploads import upload_limits, upload_read, upload_store
from core.views import capability_required
from core.years import year_parse, year_select
from schools.access import user_can
from schools.kinds import list_kind_choices
from schools.models import Municipality, Region, School

from . import formatting as risk_formatting
from . import selectors as risk_selectors
from . import services as risk
from .forms import OfficialListForm, RiskFilterForm, RuleForm
from .models import RiskRule, RiskRun

SAVED_RULE = "Сохранена версия {version} правила. Пересчитайте списки, чтобы увидеть, что изменилось."
NO_MUNICIPALITY = "В вашей зоне доступа нет муниципалитетов."
PREVIEW_EXPIRED = "Предпросмотр устарел. Загрузите файл ещё раз."
OFFICIAL_SALT = "risk.official_import"


def _lists_context(request, *, history: bool = True) -> dict:
    """The year and municipality from the query (defaults: the user's first municipality, the latest list year)."""
    municipalities = list(Municipality.objects.visible_to(request.user).order_by("name"))
    if not municipalities:
        raise Http404(NO_MUNICIPALITY)
    code = request.GET.get("municipality") or municipalities[0].code
    municipality = next((m for m in municipalities if m.code == code), None)
    if municipality is None:
        raise Http404("Муниципалитет не найден.")
    choice = year_select(
        value=request.GET.get("year"),
        user=request.user,
        territory=School.objects.visible_to(request.user).filter(municipality=municipality),
    )
    year = choice.year
    form = RiskFilterForm(
        initial={"year": year, "municipality": municipality.code}, municipalities=municipalities, years=choice.years
    )
    lists = risk_selectors.risk_list(user=request.user, year=year, municipality=municipality, history=history)
    query = urlencode({"year": year, "municipality": municipality.code})
    job = None
    if request.GET.get("job", "").isdigit():
        job = job_list(user=request.user).filter(pk=int(request.GET["job"])).first()
    return {
        **choice.context(),
        "form": form,
        "lists": lists,
        "municipality": municipality,
        "query": query,
        "show_municipality_choice": len(municipalities) > 1,
        "job": job,
        "export_url": reverse("risk-list", args=[year]) + "?" + urlencode({"municipality": municipality.code}),
        "can_recompute": user_can(request.user, "risk.recompute"),
        "can_import": user_can(request.user, "risk.official_import"),
        "criteria_text": risk_formatting.CRITERIA_TEXT,
    }


# The ШНОР list sorts by any of its columns (core.listing): by school, by how many criteria, by the worst share of
# «2» among the reasons, by whether the official list has it, by the years it was listed.
SHNOR_SORTS = {
    "school": "school__display_name",
    "criteria": "criteria_count",
    "share_2": "worst_share_2",
    "official": "official",
    "history": "history",
}


@login_required
def risk_list_page(request):
    context = _lists_context(request)
    page = table_page(request, context["lists"].schools, sorts=SHNOR_SORTS, per_page=100)
    return render(request, "risk/risk_list.html", {**context, "page": page, "tab": "list"})


@login_required
def watch_page(request):
    return render(request, "risk/risk_watch.html", {**_lists_context(request), "tab": "watch"})


@login_required
def differences_page(request):
    return render(request, "risk/risk_differences.html", {**_lists_context(request), "tab": "differences"})


@require_POST
@capability_required("risk.recompute")
def recompute(request):
    municipality = get_object_or_404(
        Municipality.objects.visible_to(request.user), code=request.POST.get("municipality", "")
    )
    year = year_parse(request.POST.get("year"))
    if year is None:
        raise Http404("Год не указан.")
    job = risk.risk_recompute_enqueue(user=request.user, year=year, municipality=municipality)
    query = urlencode({"year": year, "municipality": municipality.code, "job": job.pk})
    return redirect(f"{reverse('risk:list')}?{query}")


@capability_required("risk.official_import")
def official_import(request):
    """Upload an official list: a preview names what each municipality's list would gain, change and lose; nothing
    is written until the uploader presses «Подтвердить» (the stored file is then imported as previewed)."""
    regions = Region.objects.filter(pk__in=Municipality.objects.visible_to(request.user).values("region_id")).order_by(
        "name"
    )
    form = OfficialListForm(request.POST or None, request.FILES or None, regions=regions)
    context = {"form": form, "outcome": None, "list_kinds": list_kind_choices()}
    if request.method != "POST":
        return render(request, "risk/risk_official_import.html", context)
    if "token" in request.POST:  # confirmation of a previewed file
        try:
            source = signing.loads(request.POST["token"], salt=OFFICIAL_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, PREVIEW_EXPIRED)
            return redirect("risk:official_import")
        if source.get("user") != request.user.pk:
            raise Http404
        return _official_import_run(request, source, dry_run=False, context=context)
    if not form.is_valid():
        return render(request, "risk/risk_official_import.html", context)
    f = form.cleaned_data["file"]
    source = {
        "path": upload_store(content=f.read(), filename=f.name, folder="official"),
        "filename": f.name,
        "region": form.cleaned_data.get("region") or "",
        "user": request.user.pk,
    }
    return _official_import_run(request, source, dry_run=True, context=context)


def _official_import_run(request, source: dict, *, dry_run: bool, context: dict):
    try:
        table = table_read(upload_read(source["path"]), filename=source["filename"], limits=upload_limits())
    except (TableError, FileNotFoundError) as exc:
        context["form"].add_error(None, getattr(exc, "message", PREVIEW_EXPIRED))
        return render(request, "risk/risk_official_import.html", context)
    outcome = risk.official_list_import(table=table, user=request.user, region_code=source["region"], dry_run=dry_run)
    context.update(outcome=outcome, filename=source["filename"])
    if outcome.status == "dry_run":
        context["token"] = signing.dumps(source, salt=OFFICIAL_SALT)
    return render(request, "risk/risk_official_import.html", context)


@capability_required("risk.rule_edit")
def rule_page(request):
    current = risk_selectors.rule_current()
    subjects = risk_formatting.subject_names()
    form = RuleForm(request.POST or None, initial=RuleForm.initial_of(current), subjects=subjects)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rule = risk.risk_rule_create(
            user=request.user,
            threshold=d["threshold"],
            watch_threshold=d["watch_threshold"],
            procedures=form.procedures_value(),
            count_a=d["count_a"],
            count_b=d["count_b"],
            note=d["note"],
        )
        messages.success(request, SAVED_RULE.format(version=rule.version))
        return redirect("risk:rule")
    versions = list(RiskRule.objects.select_related("created_by").order_by("-version")[:20])
    for v in versions:
        v.procedure_labels = [risk_formatting.procedure_label(p, subjects) for p in v.procedures]
    runs = (
        RiskRun.objects.visible_to(request.user)
        .select_related("municipality", "started_by")
        .order_by("-computed_at", "-pk")[:20]
    )
    return render(
        request, "risk/risk_rule.html", {"form": form, "current": current, "versions": versions, "runs": runs}
    )
