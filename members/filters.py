import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.public_cache import memoize_per_stamp

from .models import Municipality, MunicipalityKind, Prefecture


@memoize_per_stamp
def prefecture_choices():
    return [(p.code, p.display_name) for p in Prefecture.objects.order_by("code")]


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("名称・よみがな（ひらがな可）")}
        ),
    )
    # Plain choices, kept until the public record changes (a ModelChoiceFilter reads the 47
    # prefectures through a server-side cursor and again to validate, on every request).
    prefecture = django_filters.ChoiceFilter(
        label=_("都道府県"),
        choices=lambda: prefecture_choices(),
        method="filter_prefecture",
        empty_label=_("すべての都道府県"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("種別"), choices=MunicipalityKind.choices, empty_label=_("すべての種別")
    )
    member = django_filters.BooleanFilter(
        label=_("会員登録自治体のみ"),
        method="filter_member",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Municipality
        fields = ["q", "prefecture", "kind", "member"]

    def filter_keyword(self, queryset, name, value):
        return queryset.matching(value)

    def filter_prefecture(self, queryset, name, value):
        return queryset.filter(prefecture__code=value)

    def filter_member(self, queryset, name, value):
        return queryset.members() if value else queryset
