from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Школы и пользователи"

    def ready(self) -> None:
        from . import signals  # noqa: F401
