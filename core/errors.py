"""The one application error: every refusal a service raises, shown as is by pages, commands and the API.

A service raises `ApplicationError(MESSAGE)` (or a subclass when a caller must tell it apart); the messages are module
constants next to the service, reused by the tests (HackSoft styleguide, «Approach 2»). The API answers it through
`core.api.exception_handler` in one shape, `{"detail", "code", "errors": [{"field", "message"}]}`; a page shows
`message` through `error_show` (or a form's errors through `form_errors_add`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest


class ApplicationError(Exception):
    """A refusal with a Russian `message` and a stable machine `code`; `field` names the input it is about, and
    `errors` lists several `{field, message}` when one refusal has more than one reason."""

    status = 400
    default_code = "invalid"
    default_message = "Запрос отклонён."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ):
        self.message = message or self.default_message
        super().__init__(self.message)
        self.code = code or self.default_code
        self.field = field
        self.errors: list[dict[str, Any]] = list(errors) if errors else [{"field": field, "message": self.message}]


class NotAllowed(ApplicationError):
    """The user lacks the right to do this (403)."""

    status = 403
    default_code = "not_allowed"
    default_message = "Недостаточно прав для этого действия."


class NotFound(ApplicationError):
    """Nothing of that name in the user's scope (404): the same answer as a record that does not exist."""

    status = 404
    default_code = "not_found"
    default_message = "Не найдено: такой записи нет или она вне вашей зоны доступа."


class Conflict(ApplicationError):
    """The record is not in a state that allows this (409)."""

    status = 409
    default_code = "conflict"
    default_message = "Действие сейчас невозможно: запись в другом состоянии."


class Busy(Conflict):
    """The same work is already queued or running (409)."""

    default_code = "busy"
    default_message = "Уже выполняется: дождитесь окончания."


def error_show(request: HttpRequest, exc: ApplicationError) -> None:
    """A page's answer to a refusal: the same Russian message the API gives, as a flash message."""
    messages.error(request, exc.message)


def form_errors_add(form: BaseForm, exc: ApplicationError) -> None:
    """A form's answer to a refusal: each message under its field when the form has one, else above the form."""
    for error in exc.errors:
        field = error.get("field")
        form.add_error(field if field in getattr(form, "fields", {}) else None, error["message"])
