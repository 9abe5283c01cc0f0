"""Filters for the resources whose pages have none of their own (the others reuse the pages')."""

import django_filters

from agreements.models import AgreementBody, BodyKind


class AgreementBodyFilter(django_filters.FilterSet):
    prefecture = django_filters.CharFilter(field_name="prefecture__code", label="都道府県コード")
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label="種別")

    class Meta:
        model = AgreementBody
        fields = ["prefecture", "kind"]
