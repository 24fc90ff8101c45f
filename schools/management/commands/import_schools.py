from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tables import TableError, table_read
from core.uploads import upload_limits
from schools.models import User
from schools.permissions import user_can
from schools.services import registry_import


class Command(BaseCommand):
    help = "Загрузить реестр ОО из .xlsx или .csv (контракт 1.1): целиком или никак."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, user, dry_run, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Пользователь «{user}» не найден.")
            if not user_can(actor, "registry.import"):
                raise CommandError(f"У пользователя «{user}» нет права загружать реестр ОО.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        try:
            table = table_read(path.read_bytes(), filename=path.name, limits=upload_limits())
        except TableError as exc:
            raise CommandError(exc.message) from exc
        outcome = registry_import(table=table, user=actor, dry_run=dry_run)
        for e in outcome.errors:
            self.stderr.write(f"Строка {e.row}, столбец «{e.column}»: {e.message}")
        if outcome.status == "rejected":
            raise CommandError(f"Файл отклонён: ошибок {len(outcome.errors)}. Ничего не записано.")
        self.stdout.write(
            f"Создано: {outcome.created}, обновлено: {outcome.updated}, без изменений: {outcome.unchanged}."
        )
