from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """The indicators of a programme: definitions, values, recorded facts, and the engine that computes them.

    Nested under programs (an indicator belongs to a programme), an app of its own: its models live in the
    tables `programs_indicator*` they had when they were part of programs (pinned `db_table`)."""

    name = "programs.indicators"
    label = "indicators"
    verbose_name = "Показатели программ"
    url_prefix = "indicators/"

    def ready(self) -> None:
        # The receivers that keep values fresh (also in the worker, which learns the tasks through them).
        from . import signals  # noqa: F401
