from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Общее"
    url_prefix = ""  # its pages are the portal's own (home, jobs): config.urls

    def ready(self) -> None:
        from . import signals  # noqa: F401
