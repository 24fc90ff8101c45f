from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Общее"
    url_prefix = ""  # its pages are the portal's own (home, jobs): config.urls

    def ready(self) -> None:
        from django.urls import register_converter

        from . import signals  # noqa: F401
        from .converters import CodeConverter

        register_converter(CodeConverter, "code")  # <code:…> in the apps' urls.py
        # django-axes names no verbose_name, so the admin would head its section «Axes».
        apps.get_app_config("axes").verbose_name = "Блокировки входа"
