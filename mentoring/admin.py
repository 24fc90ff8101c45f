from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import EventKind, MethodEvent


@admin.register(EventKind)
class EventKindAdmin(SimpleHistoryAdmin):
    """The portal's administrator edits the kinds; a kind events use is retired (unticked), not deleted."""

    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["name", "order", "is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["code"] if obj is not None else []  # events keep the code: it is not renamed

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and MethodEvent.objects.filter(kind=obj.code).exists():
            return False
        return super().has_delete_permission(request, obj)
