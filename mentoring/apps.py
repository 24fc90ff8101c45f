from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Адресная помощь"
    url_prefix = "mentoring/"
