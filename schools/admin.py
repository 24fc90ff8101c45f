from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export import resources
from simple_history.admin import SimpleHistoryAdmin

from core.admin_import import ReferenceDataAdmin

from .kinds import list_kind_choices
from .models import ListKind, Municipality, Region, School, SchoolContext, SchoolStatus, User


class ListKindResource(resources.ModelResource):
    class Meta:
        model = ListKind
        fields = ("code", "name", "order", "description", "is_active")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = False


@admin.register(ListKind)
class ListKindAdmin(ReferenceDataAdmin, SimpleHistoryAdmin):
    """Reference data: the kinds of yearly lists (contract 1.3). A kind in use is switched off, not deleted: the
    statuses of past years keep its code."""

    resource_classes = [ListKindResource]
    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["name", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is what the statuses and the API hold: fixed once a kind exists.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and SchoolStatus.objects.filter(kind=obj.code).exists():
            return False
        return super().has_delete_permission(request, obj)


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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":  # the kinds are reference data: a select of those in use
            from django import forms

            return forms.ChoiceField(label=db_field.verbose_name, choices=list_kind_choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(SchoolContext)
class SchoolContextAdmin(SimpleHistoryAdmin):
    list_display = ["school", "year", "urban_rural", "enrolment", "low_income_share", "sen_share", "resource_index"]
    list_filter = ["year", "urban_rural", "school__municipality"]
    search_fields = ["school__code", "school__short_name"]
    autocomplete_fields = ["school"]


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
