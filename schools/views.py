from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from assessments.risk.selectors import school_risk_history
from core.filtersets import filterset_for_page, filterset_values
from core.jobs import job_create, job_enqueue
from core.listing import shown_name, table_page
from core.uploads import upload_store
from core.views import capability_required

from . import selectors
from .filtersets import SchoolFilterSet
from .forms import UploadForm
from .models import School, SchoolStatus
from .tasks import registry_import_task

# The list's sortable columns (core.listing): a school sorts by the name it is shown with.
SCHOOL_SORTS = {
    "code": "code",
    "name": shown_name(),
    "type": "type",
    "municipality": "municipality__name",
    "settlement": "settlement",
}


@login_required
def school_list(request):
    municipalities = selectors.municipality_list(user=request.user)
    filters = filterset_for_page(
        SchoolFilterSet,
        request,
        selectors.school_list(user=request.user),
        fields=["q", "municipality", "status", "year"],
        years_of=School.objects.visible_to(request.user),
        choices={"municipality": [(m.code, m.name) for m in municipalities]},
    )
    filters.form.fields["q"].widget.attrs["placeholder"] = "название, код, синоним"
    page = table_page(request, filters.qs, sorts=SCHOOL_SORTS)
    query = filterset_values(filters)
    return render(
        request,
        "schools/school_list.html",
        {
            "form": filters.form,
            "page": page,
            "show_municipality": len(municipalities) > 1,
            "export_query": urlencode(query),
            "page_query": urlencode(query),
        },
    )


@login_required
def school_detail(request, code: str):
    school = get_object_or_404(selectors.school_list(user=request.user), code=code)
    histories = selectors.school_status_histories(school=school)
    shnor = next((h for h in histories if h["code"] == SchoolStatus.Kind.SHNOR), None)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "histories": histories,
            "shnor_history": shnor or {"years": [], "text": selectors.status_years_text([]), "rows": []},
            "contexts": school.contexts.order_by("-year"),
            "statuses": school.statuses.all(),
            "branches": school.branches.all(),
            "changes": school.history.select_related("history_user")[:20],
            "risk_history": school_risk_history(school=school),
        },
    )


@login_required
def municipality_list(request):
    return render(
        request, "schools/municipality_list.html", {"municipalities": selectors.municipality_list(user=request.user)}
    )


@login_required
def municipality_detail(request, code: str):
    municipality = get_object_or_404(selectors.municipality_list(user=request.user), code=code)
    schools = selectors.school_list(user=request.user, municipality=code)
    years = sorted(
        set(
            SchoolStatus.objects.visible_to(request.user)
            .filter(school__in=schools, kind=SchoolStatus.Kind.SHNOR)
            .values_list("year", flat=True)
        ),
        reverse=True,
    )
    return render(
        request,
        "schools/municipality_detail.html",
        {"municipality": municipality, "schools": schools, "years": years[:5]},
    )


@capability_required("registry.import")
def registry_import(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = upload_store(content=upload.read(), filename=upload.name, folder="registry")
        job = job_create(
            kind="registry_import",
            title=f"Загрузка реестра ОО: {upload.name}",
            user=request.user,
            params={"path": path, "filename": upload.name},
        )
        job_enqueue(job=job, task=registry_import_task)
        return redirect("job_detail", pk=job.pk)
    return render(request, "schools/registry_import.html", {"form": form})
