from django.core.management.base import BaseCommand

from core.commands import command_report, command_table, command_user
from schools.services import registry_import


class Command(BaseCommand):
    help = "Загрузить реестр ОО из .xlsx или .csv (контракт 1.1): целиком или никак."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, user, dry_run, **options):
        actor = command_user(user, "registry.import")
        outcome = registry_import(table=command_table(file), user=actor, dry_run=dry_run)
        command_report(self, outcome)
        self.stdout.write(
            f"Создано: {outcome.created}, обновлено: {outcome.updated}, без изменений: {outcome.unchanged}."
        )
