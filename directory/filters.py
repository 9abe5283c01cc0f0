import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EraDateField
from core.public_cache import memoize_per_stamp
from members.models import Municipality

from .models import Offer, OfferKind


@memoize_per_stamp
def ward_choices():
    return [(ward.code, ward.display_name) for ward in Municipality.objects.special_wards()]


class EraDateFilter(django_filters.Filter):
    field_class = EraDateField


class OfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("種類"), choices=OfferKind.choices, empty_label=_("すべての種類")
    )
    ward = django_filters.ModelChoiceFilter(
        label=_("特別区"),
        queryset=Municipality.objects.special_wards().order_by("code"),
        to_field_name="code",
        empty_label=_("すべての区"),
    )
    start = EraDateFilter(
        label=_("利用したい日（から）"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = EraDateFilter(
        label=_("利用したい日（まで）"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Offer
        fields = ["q", "kind", "ward", "start", "end"]

    @property
    def form(self):
        """The wards are drawn from the memoized choices (no query per page); a chosen value is
        still checked against the table."""
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["ward"].widget.choices = [("", _("すべての区")), *ward_choices()]
        return self._form

    def filter_keyword(self, queryset, name, value):
        return queryset.matching(value)

    def filter_dates(self, queryset, name, value):
        # Both days are read together (once, from the start's call).
        if name == "end" and self.form.cleaned_data.get("start"):
            return queryset
        start = self.form.cleaned_data.get("start")
        end = self.form.cleaned_data.get("end")
        if start and end and end < start:
            start, end = end, start
        return queryset.available_between(start, end)
