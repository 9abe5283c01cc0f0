import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import year_heading
from core.public_cache import memoize_per_stamp
from core.widgets import QuickSelect

from .models import (
    NewsCategory,
    NewsItem,
    Publication,
    PublicationKind,
    TimelineEntry,
    TimelineKind,
    organ_display,
)


@memoize_per_stamp
def year_choices():
    return [(year, year_heading(year)) for year in TimelineEntry.objects.years()]


@memoize_per_stamp
def organ_choices():
    return [(organ, organ_display(organ)) for organ in TimelineEntry.objects.organs()]


class TimelineFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年"),
        choices=year_choices,
        method="filter_year",
        empty_label=_("すべての年"),
        widget=QuickSelect,
    )
    organ = django_filters.ChoiceFilter(
        label=_("会議体"),
        choices=organ_choices,
        empty_label=_("すべての会議体"),
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("分類"),
        choices=TimelineKind.choices,
        empty_label=_("すべての分類"),
        widget=QuickSelect,
    )

    class Meta:
        model = TimelineEntry
        fields = ["year", "organ", "kind"]

    def filter_year(self, queryset, name, value: int):
        return queryset.in_year(int(value))


class NewsFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("分類"),
        choices=NewsCategory.choices,
        empty_label=_("すべての分類"),
        widget=QuickSelect,
    )

    class Meta:
        model = NewsItem
        fields = ["category"]


class PublicationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("種類"),
        choices=PublicationKind.choices,
        empty_label=_("すべての種類"),
        widget=QuickSelect,
    )

    class Meta:
        model = Publication
        fields = ["kind"]
