"""Form fields every app's forms and the admin share."""

from django import forms

from .dates import parse_era_date


class EraDateField(forms.DateField):
    """A date typed as people in Japanese offices type it: 2024-08-01, 2024/08/01, 2024/8/1,
    2024年8月1日 (settings.DATE_INPUT_FORMATS) or in the era, 令和6年8月1日."""

    def to_python(self, value):
        if isinstance(value, str) and (day := parse_era_date(value)):
            return day
        return super().to_python(value)
