from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core import views as core_views
from core.forms import LoginForm

# Every app of the portal mounts itself: its pages (`<app>.urls`) under its AppConfig's `url_prefix` (default: its
# label), its endpoints as `<app>.api.ROUTES` (and `EXTRA_PATHS`) under /api/v1/. Nothing here names an app.
router = DefaultRouter()
api_paths: list[URLPattern | URLResolver] = []
page_paths: list[URLPattern | URLResolver] = []
for config in apps.get_app_configs():
    if not hasattr(config, "url_prefix"):
        continue  # Django's and third-party apps
    if find_spec(f"{config.name}.api"):
        module = import_module(f"{config.name}.api")
        for prefix, viewset, basename in getattr(module, "ROUTES", ()):
            router.register(prefix, viewset, basename=basename)
        api_paths.extend(getattr(module, "EXTRA_PATHS", ()))
    if config.url_prefix and find_spec(f"{config.name}.urls"):
        page_paths.append(path(config.url_prefix, include(f"{config.name}.urls")))


# The admin modules (and django-import-export's openpyxl and numpy under them) load with the URLs, for web requests
# and `manage.py check`, not at every command's start: INSTALLED_APPS has SimpleAdminConfig.
admin.autodiscover()
admin.site.site_header = "Опора — администрирование"
admin.site.site_title = "Опора"

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("jobs/<int:pk>/", core_views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", core_views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/retry/", core_views.job_retry_view, name="job_retry"),
    *page_paths,
    path("admin/", admin.site.urls),
    path("api/v1/", include([*api_paths, *router.urls])),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

handler404 = core_views.not_found
handler500 = core_views.server_error
