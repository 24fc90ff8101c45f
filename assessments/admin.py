"""Reference data of the results: subjects and the minimum scores in force. An admin keeps them in the Django
admin, and loads or exports them as spreadsheets through django-import-export (with its preview and row errors)."""

from django.contrib import admin
from import_export import fields, resources, widgets
from simple_history.admin import SimpleHistoryAdmin

from core.admin_import import ReferenceDataAdmin

from .models import MinimumScore, Subject


class ListWidget(widgets.SimpleArrayWidget):
    """Other spellings as people type them in a cell: «РУ; рус.»."""

    def clean(self, value, row=None, **kwargs):
        return [part.strip() for part in str(value or "").split(";") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(value or [])


class SubjectResource(resources.ModelResource):
    short_forms = fields.Field(attribute="short_forms", column_name="short_forms", widget=ListWidget())

    class Meta:
        model = Subject
        fields = ("code", "name", "short_forms", "order")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = False


class MinimumScoreResource(resources.ModelResource):
    subject = fields.Field(
        attribute="subject", column_name="subject", widget=widgets.ForeignKeyWidget(Subject, field="code")
    )

    class Meta:
        model = MinimumScore
        fields = ("procedure", "subject", "year", "score")
        import_id_fields = ("procedure", "subject", "year")
        skip_unchanged = True
        report_skipped = False


@admin.register(Subject)
class SubjectAdmin(ReferenceDataAdmin):
    resource_classes = [SubjectResource]
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(MinimumScore)
class MinimumScoreAdmin(ReferenceDataAdmin, SimpleHistoryAdmin):
    resource_classes = [MinimumScoreResource]
    list_display = ["year", "procedure", "subject", "score"]
    list_filter = ["year", "procedure", "subject"]
