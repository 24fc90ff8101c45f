"""The API's content negotiation (REST_FRAMEWORK's DEFAULT_CONTENT_NEGOTIATION_CLASS)."""

from collections.abc import Iterable

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from .exports import EXPORT_FORMATS

FORMAT_UNKNOWN = "Формат «{format}» здесь недоступен: этот адрес отвечает в JSON{extra}. Уберите параметр format."


class FormatUnavailable(exceptions.NotAcceptable):
    pass


class ContentNegotiation(DefaultContentNegotiation):
    """`?format=` naming a format the endpoint does not have is a clear 406 in Russian, not a bare 404."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        try:
            chosen: tuple[BaseRenderer, str] = super().select_renderer(request, renderers, format_suffix)
            return chosen
        except FormatUnavailable:
            # Negotiation runs before authentication: a signed-out caller learns only that he must sign in.
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated() from None
            raise

    def filter_renderers(self, renderers: Iterable[BaseRenderer], format: str) -> list[BaseRenderer]:
        found = [r for r in renderers if r.format == format]
        if not found:
            exports = [r.format for r in renderers if r.format in EXPORT_FORMATS]
            extra = f" (списки — ещё в {', '.join(exports).upper()})" if exports else ""
            raise FormatUnavailable(FORMAT_UNKNOWN.format(format=format, extra=extra))
        return found
