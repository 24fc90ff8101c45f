from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from schools.models import User


class Command(BaseCommand):
    help = "Напечатать API-токен пользователя (создаётся, если его нет)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Пользователь «{username}» не найден.")
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
