import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Municipality, Prefecture
from portal.japanese_dates import fiscal_year_label, fiscal_year_of

from .models import Collaboration, Proposal, ProposalField, ProposalKind, ProposalStatus

FIRST_FISCAL_YEAR = 2014  # the project began in September 2014


def _proposal_fiscal_years():
    current = fiscal_year_of(timezone.localdate())
    return [
        (year, fiscal_year_label(year)) for year in range(current + 2, FIRST_FISCAL_YEAR - 1, -1)
    ]


class WardFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Municipality.objects.special_wards().order_by("code"))
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例：観光、防災")}),
    )
    field = django_filters.ChoiceFilter(
        label=_("分野"), choices=ProposalField.choices, empty_label=_("すべての分野")
    )
    kind = django_filters.ChoiceFilter(
        label=_("連携の種類"), choices=ProposalKind.choices, empty_label=_("すべての種類")
    )
    status = django_filters.ChoiceFilter(
        label=_("状態"), choices=ProposalStatus.choices, empty_label=_("すべての状態")
    )
    prefecture = django_filters.ModelChoiceFilter(
        label=_("提案自治体の都道府県"),
        queryset=Prefecture.objects.all(),
        to_field_name="code",
        empty_label=_("すべての都道府県"),
        method="filter_prefecture",
    )
    ward = WardFilter(
        label=_("希望する区"),
        empty_label=_("指定しない"),
        method="filter_ward",
        help_text=_("「どの区でも可」の提案も含みます"),
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("実施年度"),
        choices=_proposal_fiscal_years,
        empty_label=_("すべての年度"),
        method="filter_fiscal_year",
    )

    class Meta:
        model = Proposal
        fields = ["q", "field", "kind", "status", "prefecture", "ward", "fiscal_year"]

    def filter_keyword(self, queryset, name, value):
        return queryset.search(value)

    def filter_prefecture(self, queryset, name, value):
        return queryset.in_prefecture(value)

    def filter_ward(self, queryset, name, value):
        return queryset.wanted_by_ward(value)

    def filter_fiscal_year(self, queryset, name, value):
        return queryset.in_fiscal_year(int(value))


class CollaborationFilter(django_filters.FilterSet):
    ward = WardFilter(label=_("特別区"), empty_label=_("すべての区"), method="filter_ward")
    prefecture = django_filters.ModelChoiceFilter(
        label=_("連携先の都道府県"),
        queryset=Prefecture.objects.all(),
        to_field_name="code",
        empty_label=_("すべての都道府県"),
    )
    field = django_filters.ChoiceFilter(
        label=_("分野"), choices=ProposalField.choices, empty_label=_("すべての分野")
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("年度"),
        choices=_proposal_fiscal_years,
        empty_label=_("すべての年度"),
        method="filter_fiscal_year",
    )

    class Meta:
        model = Collaboration
        fields = ["ward", "prefecture", "field", "fiscal_year"]

    def filter_ward(self, queryset, name, value):
        return queryset.with_ward(value)

    def filter_fiscal_year(self, queryset, name, value):
        return queryset.in_fiscal_year(int(value))
