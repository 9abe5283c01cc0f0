"""Filters for the resources whose pages have none of their own (the others reuse the pages')."""

import django_filters
from django.db.models import Exists, OuterRef

from agreements.models import AgreementBody, BodyKind
from network.models import Tie, TieKind


class AgreementBodyFilter(django_filters.FilterSet):
    prefecture = django_filters.CharFilter(field_name="prefecture__code", label="都道府県コード")
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label="種別")

    class Meta:
        model = AgreementBody
        fields = ["prefecture", "kind"]


class TieFilter(django_filters.FilterSet):
    ward = django_filters.CharFilter(field_name="ward__code", label="区の団体コード")
    prefecture = django_filters.CharFilter(
        method="filter_prefecture", label="相手の自治体の都道府県コード"
    )
    kind = django_filters.ChoiceFilter(choices=TieKind.choices, label="種類")

    class Meta:
        model = Tie
        fields = ["ward", "prefecture", "kind"]

    def filter_prefecture(self, queryset, name, value):
        partner = Tie.municipalities.through.objects.filter(
            tie=OuterRef("pk"), municipality__prefecture__code=value
        )
        return queryset.filter(Exists(partner))
