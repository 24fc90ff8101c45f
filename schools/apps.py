from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Школы и пользователи"
    url_prefix = "schools/"

    def ready(self) -> None:
        from . import kinds, signals  # noqa: F401  (receivers)
