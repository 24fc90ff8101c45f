from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tables import TableError, table_read
from core.uploads import upload_limits
from programs.models import Program
from programs.selectors import program_list
from programs.services import plan_import
from schools.models import School, User
from schools.permissions import user_can


class Command(BaseCommand):
    help = "Загрузить план-график (контракт 1.4) в программу или в план школы в ней: целиком или никак."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--program", required=True, help="код программы")
        parser.add_argument("--school", default="", help="код ОО: загрузить план школы")
        parser.add_argument("--user", default="", help="от имени пользователя (его права и зона доступа)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, program, school, user, dry_run, **options):
        actor = None
        programs = Program.objects.all()
        schools = School.objects.all()
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Пользователь «{user}» не найден.")
            if not user_can(actor, "programs.edit"):
                raise CommandError(f"У пользователя «{user}» нет права изменять программы.")
            programs = program_list(user=actor)
            schools = School.objects.visible_to(actor)
        target = programs.filter(code=program).first()
        if target is None:
            raise CommandError(f"Программа «{program}» не найдена.")
        school_obj = None
        if school:
            school_obj = schools.filter(code=school).first()
            if school_obj is None:
                raise CommandError(f"ОО «{school}» не найдена.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        try:
            table = table_read(path.read_bytes(), filename=path.name, limits=upload_limits())
        except TableError as exc:
            raise CommandError(exc.message) from exc
        outcome = plan_import(table=table, program=target, user=actor, school=school_obj, dry_run=dry_run)
        for e in outcome.errors:
            self.stderr.write(f"Строка {e.row}, столбец «{e.column}»: {e.message}")
        if outcome.status == "rejected":
            raise CommandError(f"Файл отклонён: ошибок {len(outcome.errors)}. Ничего не записано.")
        self.stdout.write(
            f"Добавлено: {outcome.created}, обновлено: {outcome.updated}, без изменений: {outcome.unchanged}; "
            f"сроков не распознано: {outcome.unparsed}."
        )
