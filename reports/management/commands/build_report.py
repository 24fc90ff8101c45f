from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.models import Municipality, School

from ...models import Report
from ...services import report_build


class Command(BaseCommand):
    help = "Построить PDF-отчёт: program (годовой отчёт), school (досье школы), vpr-note (справка по ВПР 5–6 кл.)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Report.Kind.values)
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--school", default="")
        parser.add_argument("--out", required=True)

    def handle(self, *args, kind, municipality, year, school, out, **options):
        m = Municipality.objects.filter(code=municipality).first()
        if m is None:
            raise CommandError(f"Муниципалитет «{municipality}» не найден.")
        s = None
        if kind == Report.Kind.SCHOOL:
            s = School.objects.filter(code=school, municipality=m).first()
            if s is None:
                raise CommandError(f"Школа «{school}» в муниципалитете «{municipality}» не найдена (укажите --school).")
        report = report_build(report=Report.objects.create(kind=kind, municipality=m, school=s, year=year))
        from django.core.files.storage import default_storage

        with default_storage.open(report.file, "rb") as f:
            Path(out).write_bytes(f.read())
        self.stdout.write(
            f"{out}: страниц {report.pages}, данные {report.timings['data']} с, PDF {report.timings['pdf']} с."
        )
