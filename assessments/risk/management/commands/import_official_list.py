from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.commands import command_report, command_table, command_user

from ...services import official_changes_lines, official_list_import


class Command(BaseCommand):
    help = (
        "Загрузить официальный список (ШНОР, ШНСУ, «500+», необъективность) из .xlsx или .csv (контракт 1.3): "
        "список заменяется только в муниципалитетах ОО из файла, с --region — во всём регионе."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", default="", help="чьей зоной доступа ограничить загрузку (без него — вся)")
        parser.add_argument(
            "--region",
            default="",
            metavar="КОД",
            help="заменить список всех муниципалитетов региона (и тех, чьих ОО в файле нет)",
        )
        parser.add_argument("--dry-run", action="store_true", help="показать, что изменится, ничего не записывая")

    def handle(self, *args: Any, file: str, user: str, region: str, dry_run: bool, **options: Any) -> None:
        actor = command_user(user, "risk.official_import")
        outcome = official_list_import(table=command_table(file), user=actor, region_code=region, dry_run=dry_run)
        command_report(self, outcome)
        for line in official_changes_lines(outcome):
            self.stdout.write(line)
        prefix = "Пробный запуск, ничего не записано. Будет " if dry_run else ""
        self.stdout.write(
            f"{prefix}{'добавлено' if dry_run else 'Добавлено'}: {outcome.created}, изменено: {outcome.updated}, "
            f"без изменений: {outcome.unchanged}, исключено: {outcome.removed}."
        )
