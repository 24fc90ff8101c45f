from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Результаты оценочных процедур"
    url_prefix = "assessments/"
