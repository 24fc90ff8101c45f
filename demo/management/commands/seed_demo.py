from django.core.management.base import BaseCommand
from django.db import transaction

from demo import indicators, programs, results, support
from demo.registry import seed_registry
from schools.models import Role, School, User
from schools.services import user_add

DEMO_PASSWORD = "opora-demo-2026"
# The apps whose data the demo writes (and `--reset` wipes), and the demo's parts in the order they build on each
# other: results (and the lists computed from them), programmes, support; indicators last, computed from the rest.
DEMO_APPS = ("assessments", "risk", "programs", "indicators", "mentoring", "reports")
DEMO_PARTS = (results, programs, support, indicators)

DEMO_USERS = [
    ("admin", Role.ADMIN, "", "", "Администратор", "Портала"),
    ("regional", Role.REGIONAL, "LAZO", "", "Ирина", "Регионова"),
    ("head", Role.HEAD, "LAZO", "", "Олег", "Абдулин"),
    ("methodologist", Role.METHODOLOGIST, "LAZO", "", "Наталья", "Методистова"),
    ("curator", Role.CURATOR, "LAZO", "", "Елена", "Кураторова"),
    ("school_admin", Role.SCHOOL_ADMIN, "", "grodekovo", "Светлана", "Гродековская"),
    ("api_client", Role.API_CLIENT, "LAZO", "", "", ""),
    ("head_novgorod", Role.HEAD, "NOVG", "", "Андрей", "Новгородов"),
    ("head_slavyansk", Role.HEAD, "SLAV", "", "Мария", "Славянская"),
]


class Command(BaseCommand):
    help = "Демонстрационные данные: регион, три муниципалитета, школы, пользователи всех ролей."

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
            seed_registry()
            context = {"users": self._users(), "password": DEMO_PASSWORD}
            for part in DEMO_PARTS:
                part.seed(context)
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные созданы."))
        self._print_logins()

    def _users(self) -> dict[str, User]:
        users = {}
        for username, role, municipality, school, first, last in DEMO_USERS:
            users[username] = user_add(
                username=username,
                role=role,
                municipality_code=municipality,
                school_code=school,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
            )
        from datetime import date

        from mentoring.models import CuratorAssignment

        for code in ("grodekovo", "sokolovka", "durmin"):
            CuratorAssignment.objects.create(
                curator=users["curator"], school=School.objects.get(code=code), start=date(2023, 3, 1)
            )
        return users

    def _wipe(self) -> None:
        """Delete everything but the reference data the migrations ship (subjects, minimum scores, risk factors,
        the rule's versions). PROTECT links decide the order, so delete until nothing is left to delete."""
        from django.apps import apps
        from django.db.models import ProtectedError

        keep = {"assessments.subject", "assessments.minimumscore", "risk.riskrule", "programs.riskfactor"}
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
        self.stdout.write(f"\nВход: http://127.0.0.1:8000/  пароль для всех демо-пользователей: {DEMO_PASSWORD}")
        for user in User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).order_by("pk"):
            scope = user.school or user.municipality or user.region or "весь портал"
            self.stdout.write(f"  {user.username:<16} {user.role_label} — {scope}")
