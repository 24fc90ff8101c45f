from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("", views.school_list, name="list"),
    path("registry/", views.registry_import, name="registry_import"),
    path("municipalities/", views.municipality_list, name="municipalities"),
    path("municipalities/<code:code>/", views.municipality_detail, name="municipality"),
    path("<code:code>/", views.school_detail, name="detail"),
]
