"""What the import commands share: who imports (and may they), reading the file, reporting the outcome."""

from pathlib import Path

from django.core.management.base import CommandError

from .importing import ImportOutcome
from .tables import Table, TableError, table_read
from .uploads import upload_limits

USER_NOT_FOUND = "Пользователь «{user}» не найден."
NOT_ALLOWED = "У пользователя «{user}» нет права на это действие ({capability})."
FILE_NOT_FOUND = "Файл не найден: {file}"
REJECTED = "Файл отклонён: ошибок {count}. Ничего не записано."


def command_user(username: str, capability: str):
    """The user whose scope the command works in; None (full scope) without --user."""
    from schools.access import user_can
    from schools.models import User

    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(USER_NOT_FOUND.format(user=username))
    if not user_can(user, capability):
        raise CommandError(NOT_ALLOWED.format(user=username, capability=capability))
    return user


def command_table(file: str) -> Table:
    path = Path(file)
    if not path.is_file():
        raise CommandError(FILE_NOT_FOUND.format(file=file))
    try:
        return table_read(path, filename=path.name, limits=upload_limits())
    except TableError as exc:
        raise CommandError(exc.message) from exc


def command_report(command, outcome: ImportOutcome) -> None:
    """Row errors to stderr; a rejected file ends the command with exit code 1."""
    for e in outcome.errors:
        command.stderr.write(f"Строка {e.row}, столбец «{e.column}»: {e.message}" if e.row else e.message)
    if outcome.status == "rejected":
        raise CommandError(REJECTED.format(count=len(outcome.errors)))
