from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.risk_list_page, name="list"),
    path("watch/", views.watch_page, name="watch"),
    path("differences/", views.differences_page, name="differences"),
    path("recompute/", views.recompute, name="recompute"),
    path("official/", views.official_import, name="official_import"),
    path("rule/", views.rule_page, name="rule"),
]
