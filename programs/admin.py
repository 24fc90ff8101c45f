from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Program, RiskFactor


@admin.register(RiskFactor)
class RiskFactorAdmin(SimpleHistoryAdmin):
    """Reference data: the risk areas and factors a school's profile is filled against."""

    list_display = ["code", "name", "group", "computable", "is_active", "order"]
    list_filter = ["group", "computable", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "municipality", "period_start", "period_end"]
    list_filter = ["municipality"]
    search_fields = ["code", "title"]
