"""Reference data in the admin through django-import-export, behind the portal's upload checks.

The admin's import reads spreadsheets with tablib/openpyxl, which know nothing of zip bombs, XML entities or macro
files: every file is first read by `core.tables.table_read` with the portal's limits, and a refused file never
reaches the import. Exports escape formulae (settings: IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT)."""

from typing import Any

from django import forms
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm

from .tables import TableError, table_read
from .uploads import upload_limits


class SafeImportForm(ImportForm):
    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # import-export has no types
        upload = cleaned.get("import_file")
        if upload is not None:
            try:
                table_read(upload.read(), filename=upload.name, limits=upload_limits())
            except TableError as exc:
                raise forms.ValidationError(exc.message) from exc
            finally:
                upload.seek(0)
        return cleaned


class ReferenceDataAdmin(ImportExportModelAdmin):
    """An admin for reference data: .xlsx and .csv in and out, checked before it is parsed."""

    import_form_class = SafeImportForm
    # The plain export form: the selectable-fields one toggles its checkboxes with an inline handler, which the
    # portal's Content-Security-Policy refuses.
    export_form_class = ExportForm
    formats = [XLSX, CSV]
