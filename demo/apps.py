from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`seed_demo` and the data it loads; no models, nothing the production portal imports."""

    name = "demo"
    verbose_name = "Демонстрационные данные"
    url_prefix = ""  # no pages
