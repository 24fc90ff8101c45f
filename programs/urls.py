from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("notifications/", views.notifications, name="notifications"),
    path("documents/", views.documents, name="documents"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/version/", views.document_version, name="document_version"),
    path("documents/<int:pk>/status/", views.document_transition, name="document_transition"),
    path("documents/versions/<int:pk>/download/", views.version_download, name="version_download"),
    path("documents/remarks/<int:pk>/answer/", views.remark_answer, name="remark_answer"),
    path("risk/", views.risk_profiles, name="risk_profiles"),
    path("risk/<code:school>/<int:year>/", views.risk_profile, name="risk_profile"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("<slug:code>/", views.program_detail, name="detail"),
    path("<slug:code>/edit/", views.program_edit, name="edit"),
    path("<slug:code>/plan/", views.plan, name="plan"),
    path("<slug:code>/import/", views.plan_import, name="import"),
    path("<slug:code>/items/<int:pk>/", views.item_detail, name="item"),
]
