"""Dates in the admin as the secretariat reads and types them, for every registered model."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models

from .forms import EraDateField
from .templatetags.japanese_dates import era_date_western, era_datetime
from .widgets import LabelledSplitDateTime

DATE_OVERRIDES = {
    models.DateField: {"form_class": EraDateField, "widget": AdminDateWidget},
    models.DateTimeField: {"widget": LabelledSplitDateTime},
}


# A stored date of which the documents give only the month or fiscal year says so.
PRECISION_FIELDS = ("precision", "date_precision")


def _era_column(field):
    precision = next(
        (
            name
            for name in PRECISION_FIELDS
            if any(f.name == name for f in field.model._meta.fields)
        ),
        None,
    )

    def column(obj):
        value = getattr(obj, field.name)
        if isinstance(field, models.DateTimeField):
            return era_datetime(value)
        return era_date_western(value, getattr(obj, precision) if precision else "day")

    column.short_description = field.verbose_name
    column.admin_order_field = field.name
    column.__name__ = f"{field.name}_era"
    return column


def _with_era_columns(model, list_display):
    fields = {
        f.name: f
        for f in model._meta.get_fields()
        if isinstance(f, models.DateField)  # DateTimeField is a DateField too
    }
    return [
        _era_column(fields[name]) if isinstance(name, str) and name in fields else name
        for name in list_display
    ]


def japanese_dates(site) -> None:
    """Every ModelAdmin and inline of `site` parses typed era dates, and its list columns show
    dates in 和暦 with the western year. Run once, after every app registered its models."""
    for model, model_admin in site._registry.items():
        for date_field, options in DATE_OVERRIDES.items():
            model_admin.formfield_overrides[date_field] = {
                **model_admin.formfield_overrides.get(date_field, {}),
                **options,
            }
        model_admin.list_display = _with_era_columns(model, model_admin.list_display)
        for inline in model_admin.inlines:
            inline.formfield_overrides = {**inline.formfield_overrides, **DATE_OVERRIDES}


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, naming each result by its ModelAdmin's `autocomplete_label(obj)`
    when it has one (a municipality with its prefecture), else by str(obj) as Django does."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


def labelled_autocomplete(site) -> None:
    """Serve `site`'s autocomplete through LabelledAutocompleteJsonView (before its URLs load)."""
    site.autocomplete_view = lambda request: LabelledAutocompleteJsonView.as_view(admin_site=site)(
        request
    )
