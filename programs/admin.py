from django.contrib import admin
from import_export import resources
from simple_history.admin import SimpleHistoryAdmin

from core.admin_import import ReferenceDataAdmin

from .models import Program, RiskFactor


class RiskFactorResource(resources.ModelResource):
    class Meta:
        model = RiskFactor
        fields = ("code", "name", "group", "measure", "computable", "is_active", "order")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = False


@admin.register(RiskFactor)
class RiskFactorAdmin(ReferenceDataAdmin, SimpleHistoryAdmin):
    """Reference data: the risk areas and factors a school's profile is filled against."""

    resource_classes = [RiskFactorResource]
    list_display = ["code", "name", "group", "computable", "is_active", "order"]
    list_filter = ["group", "computable", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "municipality", "period_start", "period_end"]
    list_filter = ["municipality"]
    search_fields = ["code", "title"]
