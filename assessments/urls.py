from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.result_list, name="results"),
    path("upload/", views.upload_new, name="upload_new"),
    path("template.xlsx", views.template_download, name="template"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload"),
    path("uploads/<int:pk>/confirm/", views.upload_confirm, name="upload_confirm"),
    path("uploads/<int:pk>/mapping/", views.upload_mapping, name="upload_mapping"),
    path("uploads/<int:pk>/errors.xlsx", views.upload_errors, name="upload_errors"),
    path("uploads/<int:pk>/file/", views.upload_file, name="upload_file"),
    path("school/<code:code>/", views.school_results, name="school"),
    path("municipality/<code:code>/", views.municipality_table, name="municipality"),
]
