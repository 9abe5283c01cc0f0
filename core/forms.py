"""Form fields every app's forms and the admin share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import parse_era_date
from .slugs import readable_slug, unique_slug


class EraDateField(forms.DateField):
    """A date typed as people in Japanese offices type it: 2024-08-01, 2024/08/01, 2024/8/1,
    2024年8月1日 (settings.DATE_INPUT_FORMATS) or in the era, 令和6年8月1日."""

    def to_python(self, value):
        if isinstance(value, str) and (day := parse_era_date(value)):
            return day
        return super().to_python(value)


class SlugFromTitleMixin:
    """For a ModelForm with `slug` and `title`: a blank slug is made from the date named by
    `slug_date_field` and the romanised title, unique among the model's rows. A typed slug is
    kept as typed; an existing row's slug is never changed behind the secretariat's back."""

    slug_date_field: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "半角英数字とハイフン。空欄なら日付と題名のローマ字から作ります"
                "（例：2027-01-15-dai-1-kai-zenkoku-renkei-kouenkai）。"
            )

    def clean(self):
        cleaned = super().clean()
        if "slug" not in self.fields or cleaned.get("slug") or "slug" in self.errors:
            return cleaned
        if self.instance.pk and self.instance.slug:
            cleaned["slug"] = self.instance.slug  # a published URL stays as it is
        elif cleaned.get("title"):
            base = readable_slug(
                cleaned["title"],
                day=cleaned.get(self.slug_date_field),
                fallback=self._meta.model._meta.model_name,
            )
            cleaned["slug"] = unique_slug(
                self._meta.model._default_manager.all(), base, exclude_pk=self.instance.pk
            )
        return cleaned
