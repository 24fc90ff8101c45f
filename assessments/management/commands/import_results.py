import json
import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing import ImportOutcome, RowError
from core.tables import TableError, number_ru, table_read
from core.uploads import upload_limits
from schools.access import user_can
from schools.models import User

from ...services import results_import


class Command(BaseCommand):
    help = "Загрузить результаты ВПР, ОГЭ, ЕГЭ из .xlsx или .csv (контракт 1.2): целиком или никак."
    # The system checks import every URLconf and view (matplotlib, weasyprint, …): seconds of start-up that an import
    # does not need. `manage.py check` and the test suite run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="", help="загрузить в зоне доступа этого пользователя")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        # The command's output (stdout) is its one summary line; progress goes to stderr. Without a broker the
        # follow-up recompute runs in this process, and Celery's «Task … succeeded» INFO line per task is noise here
        # (warnings and errors stay).
        trace = logging.getLogger("celery.app.trace")
        level = trace.level
        trace.setLevel(logging.WARNING)
        try:
            self._import(**options)
        finally:
            trace.setLevel(level)

    def _import(self, *, file, user, dry_run, format, verbosity=1, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Пользователь «{user}» не найден.")
            if not user_can(actor, "results.upload"):
                raise CommandError(f"У пользователя «{user}» нет права загружать результаты.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        progress = self._progress if verbosity >= 1 else None
        try:
            table = table_read(path.read_bytes(), filename=path.name, limits=upload_limits())
        except TableError as exc:
            outcome = ImportOutcome(status="rejected", errors=[RowError(0, "", exc.message)])
        else:
            if progress:
                self.stderr.write(f"Файл прочитан, строк: {number_ru(len(table.rows))}.")
            outcome = results_import(table=table, user=actor, dry_run=dry_run, progress=progress)
        if format == "json":
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
        else:
            for e in outcome.errors:
                where = f"Строка {e.row}, столбец «{e.column}»: " if e.row else ""
                self.stderr.write(where + e.message)
            self.stdout.write(
                {
                    "imported": "Загружено.",
                    "dry_run": "Проверка без записи: ошибок нет.",
                    "rejected": "Файл отклонён, ничего не записано.",
                }[outcome.status]
                + f" Создано: {outcome.created}, обновлено: {outcome.updated}, без изменений: {outcome.unchanged}, ошибок: {len(outcome.errors)}."
            )
        if outcome.status == "rejected":
            raise SystemExit(1)

    def _progress(self, percent: int) -> None:
        self.stderr.write(f"Проверка и запись: {percent} %")
