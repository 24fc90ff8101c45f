"""The portal's form bases (select boxes offer «— не выбрано —», not Django's «---------») and the sign-in form,
which says how many tries are left before django-axes locks the username from this address."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.numbers import duration_text, plural

DJANGO_EMPTY = "---------"
EMPTY_CHOICE = "— не выбрано —"


class RussianChoicesMixin:
    """Every select of the form offers «— не выбрано —» as its empty choice (models' choices and ModelChoiceFields)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_EMPTY:
                    field.empty_label = EMPTY_CHOICE
            elif isinstance(field, forms.ChoiceField):
                # Django normalises a ChoiceField's choices to a list of (value, label) pairs.
                choices: list[tuple[object, object]] = list(field.choices)  # type: ignore[arg-type]
                field.choices = [(value, EMPTY_CHOICE if label == DJANGO_EMPTY else label) for value, label in choices]


class Form(RussianChoicesMixin, forms.Form):
    pass


class ModelForm(RussianChoicesMixin, forms.ModelForm):
    pass


WRONG_CREDENTIALS = "Неверное имя пользователя или пароль. Учтите, что оба поля чувствительны к регистру."


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": WRONG_CREDENTIALS}

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                tries = self.tries_left()
                if tries is not None:
                    raise forms.ValidationError(f"{WRONG_CREDENTIALS} {tries}", code="invalid_login") from error
            raise

    def tries_left(self) -> str | None:
        """«Осталось 2 попытки, затем вход для этого имени с вашего адреса блокируется на час.» — from axes' own count
        and its own limit and cool-off (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME)."""
        if self.request is None:
            return None
        credentials = {"username": self.cleaned_data.get("username")}
        limit = get_failure_limit(self.request, credentials)
        left = max(limit - AxesProxyHandler.get_failures(self.request, credentials), 0)
        if left == 0:
            return None
        verb, noun = plural(left, "Осталась", "Осталось", "Осталось"), plural(left, "попытка", "попытки", "попыток")
        cool_off = get_cool_off(self.request)
        for_how_long = f"на {duration_text(cool_off)}" if cool_off else "до разблокировки администратором"
        return f"{verb} {left} {noun}, затем вход для этого имени с вашего адреса блокируется {for_how_long}."
