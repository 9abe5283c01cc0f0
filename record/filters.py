import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import era_year_label

from .models import TimelineEntry, TimelineKind


def year_choices():
    return [(year, era_year_label(year)) for year in TimelineEntry.objects.years()]


def organ_choices():
    return [(organ, organ) for organ in TimelineEntry.objects.organs()]


class TimelineFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年"),
        choices=year_choices,
        method="filter_year",
        empty_label=_("すべての年"),
    )
    organ = django_filters.ChoiceFilter(
        label=_("会議体"), choices=organ_choices, empty_label=_("すべての会議体")
    )
    kind = django_filters.ChoiceFilter(
        label=_("分類"), choices=TimelineKind.choices, empty_label=_("すべての分類")
    )

    class Meta:
        model = TimelineEntry
        fields = ["year", "organ", "kind"]

    def filter_year(self, queryset, name, value: int):
        return queryset.in_year(int(value))
