from django.urls import path

from . import views

app_name = "effect"
urlpatterns = [
    path("effect/method/", views.effect_method, name="method"),
    path("<slug:code>/effect/", views.program_effect, name="program"),
]
