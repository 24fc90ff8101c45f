from django.core.management.base import BaseCommand
from django.db import transaction

from demo.loader import DEMO_PASSWORD, SEEDS, demo_build, demo_users
from schools.models import School, User

# The apps whose data the demo writes (and `--reset` wipes).
DEMO_APPS = ("assessments", "risk", "programs", "indicators", "mentoring", "reports")


class Command(BaseCommand):
    help = (
        "Демонстрационные данные: четыре муниципалитета программ-образцов (Славянский район, Партизанский городской "
        "округ, Новгородский район, район имени Лазо) с их школами, списками, программами и пользователями всех "
        "ролей."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="удалить данные и создать заново")

    def handle(self, *args, reset, **options):
        if School.objects.exists() and not reset:
            self.stdout.write("Демонстрационные данные уже есть (для пересоздания: --reset).")
            self._print_logins()
            return
        with transaction.atomic():
            if reset:
                self._wipe()
            demo_build()
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные созданы."))
        self._print_logins()

    def _wipe(self) -> None:
        """Delete everything but the reference data the migrations ship (subjects, minimum scores, risk factors,
        the rule's versions). PROTECT links decide the order, so delete until nothing is left to delete."""
        from django.apps import apps
        from django.db.models import ProtectedError

        keep = {
            "assessments.subject",
            "assessments.minimumscore",
            "risk.riskrule",
            "programs.riskfactor",
            "schools.listkind",
            "mentoring.eventkind",
        }
        models = [
            m
            for app in ("core", *DEMO_APPS, "schools")
            for m in apps.get_app_config(app).get_models()
            if m._meta.label_lower not in keep
        ]
        pending = list(dict.fromkeys(models))
        for _ in range(len(pending) + 1):
            blocked = []
            for model in pending:
                try:
                    if model is School:  # branches protect their parent school: they go first
                        School.objects.filter(parent__isnull=False).delete()
                    model._default_manager.all().delete()  # every model's is `objects`
                except ProtectedError:
                    blocked.append(model)
            if not blocked:
                break
            pending = blocked
        else:
            raise RuntimeError(f"не удалось очистить: {[m._meta.label for m in pending]}")

    def _print_logins(self) -> None:
        names = [u[0] for u in demo_users(SEEDS.values())] + ["curator2"]
        self.stdout.write(f"\nВход: http://127.0.0.1:8000/  пароль для всех демо-пользователей: {DEMO_PASSWORD}")
        for user in User.objects.filter(username__in=names).order_by("pk"):
            scope = user.school or user.municipality or user.region or "весь портал"
            self.stdout.write(f"  {user.username:<20} {user.role_label} — {scope}")
