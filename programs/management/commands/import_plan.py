from django.core.management.base import BaseCommand, CommandError

from core.commands import command_report, command_table, command_user
from programs.models import Program
from programs.selectors import program_list
from programs.services.plan_import import plan_import
from schools.models import School


class Command(BaseCommand):
    help = "Загрузить план-график (контракт 1.4) в программу или в план школы в ней: целиком или никак."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--program", required=True, help="код программы")
        parser.add_argument("--school", default="", help="код ОО: загрузить план школы")
        parser.add_argument("--user", default="", help="от имени пользователя (его права и зона доступа)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, program, school, user, dry_run, **options):
        actor = command_user(user, "programs.edit")
        programs = Program.objects.all()
        schools = School.objects.all()
        if actor is not None:
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
        outcome = plan_import(table=command_table(file), program=target, user=actor, school=school_obj, dry_run=dry_run)
        command_report(self, outcome)
        self.stdout.write(
            f"Добавлено: {outcome.created}, обновлено: {outcome.updated}, без изменений: {outcome.unchanged}; "
            f"сроков не распознано: {outcome.unparsed}."
        )
        for warning in getattr(outcome, "warnings", []):
            self.stdout.write(f"Внимание: {warning}")
