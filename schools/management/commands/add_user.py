from django.core.management.base import BaseCommand, CommandError

from schools.models import Role
from schools.services import UserInputError, user_add


class Command(BaseCommand):
    help = "Создать пользователя с ролью и зоной доступа."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--municipality", default="")
        parser.add_argument("--school", default="")
        parser.add_argument("--region", default="", help="код региона: для regional и api_client на весь регион")
        parser.add_argument("--password", default=None)

    def handle(self, *args, username, role, municipality, school, region, password, **options):
        try:
            user = user_add(
                username=username,
                role=role,
                municipality_code=municipality,
                school_code=school,
                password=password,
                region_code=region,
            )
        except UserInputError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Создан пользователь «{user.username}» ({user.role_label}).")
