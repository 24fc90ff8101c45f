"""The portal's URLs plus one page and one endpoint that fail, to see the 500 answers users get."""

from django.urls import path

from config.urls import handler404, handler500  # noqa: F401 — Django reads them here
from config.urls import urlpatterns as portal_urlpatterns


def crash(request):
    raise RuntimeError("сбой для проверки страницы 500")


urlpatterns = [path("crash/", crash), path("api/v1/crash/", crash), *portal_urlpatterns]
