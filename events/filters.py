import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_text
from core.public_cache import memoize_per_stamp

from .models import Event, EventKind, EventStatus


@memoize_per_stamp
def fiscal_year_choices():
    return [(year, fiscal_year_text(year)) for year in Event.objects.fiscal_years()]


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

    class Meta:
        model = Event
        fields = ["q", "kind", "fiscal_year", "status", "online", "venue"]

    def filter_keyword(self, queryset, name, value):
        return queryset.matching(value)

    def filter_fiscal_year(self, queryset, name, value: int):
        return queryset.in_fiscal_year(int(value))

    def filter_online(self, queryset, name, value):
        return queryset.filter(online=value == "1")
