import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.years import year_valid
from schools.models import Municipality, School

from ...formatting import risk_list_payload
from ...near import near_list
from ...selectors import risk_list
from ...services import risk_list_recompute


class Command(BaseCommand):
    help = "Пересчитать список ШНОР и зону риска за год (все муниципалитеты или один)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--municipality", default="", help="код муниципалитета")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, year: int, municipality: str, format: str, **options: Any) -> None:
        if not year_valid(year):
            raise CommandError(f"Год {year} вне допустимого диапазона 2000–2100.")
        target = None
        if municipality:
            target = Municipality.objects.filter(code=municipality).first()
            if target is None:
                raise CommandError(f"Муниципалитет с кодом «{municipality}» не найден.")
        runs = risk_list_recompute(year=year, municipality_ids=[target.pk] if target else None, trigger="command")
        if format == "json":
            lists = risk_list(user=None, year=year, municipality=target, schools=School.objects.all())
            near = near_list(user=None, year=year, municipality=target, rule=lists.rule, schools=School.objects.all())
            self.stdout.write(json.dumps(risk_list_payload(lists, near), ensure_ascii=False))
            return
        run = runs[0]
        self.stdout.write(
            f"Список ШНОР {year}{' (' + target.name + ')' if target else ''}, правило v{run.rule_version}: "
            f"в списке {run.listed}, в зоне риска {run.watch}; добавлены {len(run.added)}, исключены {len(run.removed)}."
        )
