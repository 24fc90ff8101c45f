from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tables import TableError, table_read
from core.uploads import upload_limits
from schools.models import User
from schools.permissions import user_can

from ...risk import official_list_import


class Command(BaseCommand):
    help = "Загрузить официальный список (ШНОР, ШНСУ, «500+», необъективность) из .xlsx или .csv (контракт 1.3)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="", help="чьей зоной доступа ограничить загрузку (без него — вся)")

    def handle(self, *args, file, user, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Пользователь «{user}» не найден.")
            if not user_can(actor, "risk.official_import"):
                raise CommandError(f"У пользователя «{user}» нет права загружать официальные списки.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        try:
            table = table_read(path.read_bytes(), filename=path.name, limits=upload_limits())
        except TableError as exc:
            raise CommandError(exc.message) from exc
        outcome = official_list_import(table=table, user=actor)
        for e in outcome.errors:
            self.stderr.write(f"Строка {e.row}, столбец «{e.column}»: {e.message}")
        if outcome.status == "rejected":
            raise CommandError(f"Файл отклонён: ошибок {len(outcome.errors)}. Ничего не записано.")
        self.stdout.write(
            f"Добавлено: {outcome.created}, изменено: {outcome.updated}, без изменений: {outcome.unchanged}, "
            f"исключено: {outcome.removed}."
        )
