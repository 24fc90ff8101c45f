from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:program_code>/", views.program_indicators, name="program"),
    path("<slug:program_code>/add/", views.indicator_add, name="add"),
    path("<slug:program_code>/recompute/", views.recompute, name="recompute"),
    path("<slug:program_code>/<slug:code>/", views.indicator_detail, name="detail"),
    path("<slug:program_code>/<slug:code>/edit/", views.indicator_edit, name="edit"),
    path("<slug:program_code>/<slug:code>/value/", views.manual_value, name="manual_value"),
    path("<slug:program_code>/<slug:code>/fact/", views.fact_record, name="fact"),
]
