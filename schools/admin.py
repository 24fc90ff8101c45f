from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Municipality, Region, School, SchoolStatus, User


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["code", "short_name", "type", "municipality", "parent", "settlement"]
    list_filter = ["municipality__region", "municipality", "type"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(SchoolStatus)
class SchoolStatusAdmin(SimpleHistoryAdmin):
    list_display = ["school", "year", "kind", "source", "level", "rule_version"]
    list_filter = ["year", "kind", "source", "level"]
    search_fields = ["school__code", "school__short_name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "municipality", "school", "is_active"]
    list_filter = ["role", "is_active", "municipality"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Роль и зона доступа", {"fields": ("role", "region", "municipality", "school", "organisation")}),
    )
    autocomplete_fields = ["school"]

    @admin.display(description="ФИО", ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()
