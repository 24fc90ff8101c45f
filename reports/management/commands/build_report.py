from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from programs.models import Program
from schools.models import Municipality, School

from ...models import Report
from ...services import report_build, report_format_check

EXTENSIONS = {".pdf": Report.Format.PDF, ".docx": Report.Format.DOCX, ".xlsx": Report.Format.XLSX}


class Command(BaseCommand):
    help = (
        "Построить отчёт: program (годовой отчёт о программе), school (досье школы), vpr-note (справка по ВПР "
        "5–6 кл.). Формат — по расширению --out: .pdf, .docx (редактируемый Word), .xlsx (таблицы отчёта о программе)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Report.Kind.values)
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--school", default="")
        parser.add_argument("--program", default="", help="код программы; без него — все программы года")
        parser.add_argument("--out", required=True, help="файл .pdf, .docx или .xlsx")

    def handle(self, *args, kind, municipality, year, school, program, out, **options):
        fmt = EXTENSIONS.get(Path(out).suffix.lower())
        if fmt is None:
            raise CommandError(f"Укажите файл .pdf, .docx или .xlsx (--out), а не «{out}».")
        try:
            report_format_check(kind=kind, fmt=fmt, program_code=program)
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        m = Municipality.objects.filter(code=municipality).first()
        if m is None:
            raise CommandError(f"Муниципалитет «{municipality}» не найден.")
        s = None
        if kind == Report.Kind.SCHOOL:
            s = School.objects.filter(code=school, municipality=m).first()
            if s is None:
                raise CommandError(f"Школа «{school}» в муниципалитете «{municipality}» не найдена (укажите --school).")
        p = None
        if program:
            p = Program.objects.filter(code=program, municipality=m).first()
            if p is None:
                raise CommandError(f"Программа «{program}» в муниципалитете «{municipality}» не найдена.")
        report = report_build(
            report=Report.objects.create(kind=kind, municipality=m, school=s, year=year, program=p, format=fmt)
        )
        from django.core.files.storage import default_storage

        with default_storage.open(report.file, "rb") as f:
            Path(out).write_bytes(f.read())
        pages = f"страниц {report.pages}, " if report.pages else ""
        self.stdout.write(f"{out}: {pages}данные {report.timings['data']} с, файл {report.timings['pdf']} с.")
