from django.apps import AppConfig


def curated_school_ids(user):
    """A curator's scope: the schools of their assignments in force today."""
    from .models import CuratorAssignment

    return CuratorAssignment.objects.active().filter(curator=user).values("school_id")


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Адресная помощь"
    url_prefix = "mentoring/"

    def ready(self) -> None:
        from schools.access import school_scope_register
        from schools.models import Role

        school_scope_register(Role.CURATOR, curated_school_ids)
