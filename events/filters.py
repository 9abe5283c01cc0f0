import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody
from core.dates import fiscal_year_text
from core.public_cache import memoize_per_stamp
from members.models import Municipality

from .models import Event, EventKind, EventStatus


@memoize_per_stamp
def fiscal_year_choices():
    return [(year, fiscal_year_text(year)) for year in Event.objects.fiscal_years()]


@memoize_per_stamp
def body_choices():
    return list(AgreementBody.objects.values_list("slug", "name"))


@memoize_per_stamp
def ward_choices():
    return [(ward.code, ward.display_name) for ward in Municipality.objects.special_wards()]


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("種類"), choices=EventKind.choices, empty_label=_("すべての種類")
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("年度"),
        choices=fiscal_year_choices,
        method="filter_fiscal_year",
        empty_label=_("すべての年度"),
    )
    status = django_filters.ChoiceFilter(
        label=_("状況"), choices=EventStatus.choices, empty_label=_("すべての状況")
    )
    online = django_filters.ChoiceFilter(
        label=_("開催方法"),
        choices=[("1", _("オンライン")), ("0", _("会場"))],
        method="filter_online",
        empty_label=_("すべて"),
    )
    venue = django_filters.CharFilter(label=_("会場"), lookup_expr="icontains")
    body = django_filters.ModelChoiceFilter(
        label=_("協定締結団体"),
        queryset=AgreementBody.objects.all(),
        to_field_name="slug",
        method="filter_body",
        empty_label=_("すべての団体"),
    )
    ward = django_filters.ModelChoiceFilter(
        label=_("特別区"),
        queryset=Municipality.objects.special_wards().order_by("code"),
        to_field_name="code",
        method="filter_municipality",
        empty_label=_("すべての区"),
    )
    # Any of the 1,741: a code (the municipality's page links here), not a list of them all.
    municipality = django_filters.ModelChoiceFilter(
        label=_("自治体（全国地方公共団体コード6桁）"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        method="filter_municipality",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
    )

    class Meta:
        model = Event
        fields = [
            "q",
            "kind",
            "fiscal_year",
            "status",
            "online",
            "venue",
            "body",
            "ward",
            "municipality",
        ]

    def filter_keyword(self, queryset, name, value):
        return queryset.matching(value)

    def filter_fiscal_year(self, queryset, name, value: int):
        return queryset.in_fiscal_year(int(value))

    def filter_online(self, queryset, name, value):
        return queryset.filter(online=value == "1")

    @property
    def form(self):
        """The lists of bodies and wards are drawn from the memoized choices (no query per page);
        a chosen value is still checked against the tables."""
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["body"].widget.choices = [("", _("すべての団体")), *body_choices()]
            form.fields["ward"].widget.choices = [("", _("すべての区")), *ward_choices()]
        return self._form

    def filter_body(self, queryset, name, body):
        return queryset.with_body(body)

    def filter_municipality(self, queryset, name, municipality):
        """The events the municipality's (or ward's) page lists: it hosted, the event names it,
        or its agreement body took part."""
        return queryset.involving(municipality, AgreementBody.objects.representing(municipality))
