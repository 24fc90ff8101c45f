from django.core.management.base import BaseCommand

from core.commands import command_report, command_table, command_user

from ...risk import official_list_import


class Command(BaseCommand):
    help = "Загрузить официальный список (ШНОР, ШНСУ, «500+», необъективность) из .xlsx или .csv (контракт 1.3)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="", help="чьей зоной доступа ограничить загрузку (без него — вся)")

    def handle(self, *args, file, user, **options):
        actor = command_user(user, "risk.official_import")
        outcome = official_list_import(table=command_table(file), user=actor)
        command_report(self, outcome)
        self.stdout.write(
            f"Добавлено: {outcome.created}, изменено: {outcome.updated}, без изменений: {outcome.unchanged}, "
            f"исключено: {outcome.removed}."
        )
