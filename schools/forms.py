from django import forms

from core import forms as core_forms


class UploadForm(core_forms.Form):
    file = forms.FileField(label="Файл .xlsx или .csv")

    def clean_file(self):
        from django.conf import settings

        from core.uploads import TOO_LARGE

        f = self.cleaned_data["file"]
        if f.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE.format(limit=settings.UPLOAD_MAX_BYTES // (1024 * 1024)))
        return f
