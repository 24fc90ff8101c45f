from django.core.management.base import BaseCommand, CommandError

from schools.models import Municipality


class Command(BaseCommand):
    help = "Пересчитать значения показателей программ (по умолчанию — все годы с целями или данными)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="только этот год")
        parser.add_argument("--municipality", help="код муниципалитета")

    def handle(self, *args, year=None, municipality=None, **options):
        from programs.indicators.engine.recompute import indicator_values_recompute

        m = None
        if municipality:
            m = Municipality.objects.filter(code=municipality).first()
            if m is None:
                raise CommandError(f"Муниципалитета с кодом «{municipality}» нет.")
        outcome = indicator_values_recompute(year=year, municipality=m)
        years = outcome["years"]
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
        self.stdout.write(f"Показателей: {outcome['indicators']}, годы: {span}, значений: {outcome['values']}.")
