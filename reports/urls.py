from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("region/", views.region, name="region"),
    path("school/<code:code>/", views.school_dossier, name="school"),
    path("<int:pk>/download/", views.report_download, name="download"),
]
