import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_of, fiscal_year_text, is_japanese
from core.public_cache import memoize_per_stamp
from core.widgets import QuickSelect
from members.models import Municipality, Prefecture

from .models import (
    Collaboration,
    CollaborationState,
    PostDirection,
    Proposal,
    ProposalField,
    ProposalKind,
    ProposalStatus,
)

FIRST_FISCAL_YEAR = 2014  # the project began in September 2014


def _proposal_fiscal_years():
    current = fiscal_year_of(timezone.localdate())
    return [
        (year, fiscal_year_text(year)) for year in range(current + 2, FIRST_FISCAL_YEAR - 1, -1)
    ]


class PlaceChoicesMixin:
    """Prefectures and wards as plain choices, read once per page with one ordinary query each.

    (A ModelChoiceFilter reads them through a server-side cursor on PostgreSQL, and callable
    choices are read again for validation and for display.)
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["prefecture"].extra["choices"] = prefecture_choices()
        self.filters["ward"].extra["choices"] = ward_choices()
        for name in ("prefecture", "ward"):
            # A form field built earlier on the class's filter (the API's schema generator builds
            # them) would keep its empty choices and refuse every value.
            self.filters[name].__dict__.pop("_field", None)


# Plain values, not instances: a cold page of the board or of /collaborations/ reads both.


@memoize_per_stamp
def prefecture_choices():
    japanese = is_japanese()
    prefectures = Prefecture.objects.order_by("code").values_list("code", "name", "name_en")
    return [(code, name if japanese else name_en or name) for code, name, name_en in prefectures]


@memoize_per_stamp
def ward_choices():
    japanese = is_japanese()
    wards = (
        Municipality.objects.special_wards().order_by("code").values_list("code", "name", "romaji")
    )
    return [(code, name if japanese else romaji or name) for code, name, romaji in wards]


class ProposalFilter(PlaceChoicesMixin, django_filters.FilterSet):
    # Its form is the same for every member (core/filter_forms.py keeps it per stamp).
    shared_form = True

    direction = django_filters.ChoiceFilter(
        label=_("投稿の種類"),
        choices=PostDirection.choices,
        empty_label=_("提案と募集の両方"),
        widget=QuickSelect,
    )
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="filter_keyword",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例：観光、防災")}),
    )
    field = django_filters.ChoiceFilter(
        label=_("分野"),
        choices=ProposalField.choices,
        empty_label=_("すべての分野"),
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("連携の種類"),
        choices=ProposalKind.choices,
        empty_label=_("すべての種類"),
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("状態"),
        choices=ProposalStatus.choices,
        empty_label=_("すべての状態"),
        widget=QuickSelect,
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("提案自治体の都道府県"),
        choices=(),
        empty_label=_("すべての都道府県"),
        widget=QuickSelect,
        method="filter_prefecture",
    )
    ward = django_filters.ChoiceFilter(
        label=_("希望する区"),
        choices=(),
        empty_label=_("指定しない"),
        widget=QuickSelect,
        method="filter_ward",
        help_text=_("「どの区でも可」の提案も含みます"),
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("実施年度"),
        choices=_proposal_fiscal_years,
        empty_label=_("すべての年度"),
        widget=QuickSelect,
        method="filter_fiscal_year",
    )

    class Meta:
        model = Proposal
        fields = ["direction", "q", "field", "kind", "status", "prefecture", "ward", "fiscal_year"]

    def __init__(self, *args, search_through_index: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_through_index = search_through_index

    @property
    def is_searching(self) -> bool:
        return bool(self.is_valid() and (self.form.cleaned_data.get("q") or "").split())

    def scanning_in_order(self):
        """The same filters, with the keyword checked on each row, newest first (no index)."""
        self.search_through_index = False
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self.search_through_index = True

    def filter_keyword(self, queryset, name, value):
        return queryset.search(value, through_index=self.search_through_index)

    def conditions(self) -> list[tuple[str, str]]:
        """The conditions set, in words and in the form's order: [("分野", "観光"), ("キーワード",
        "防災")]. A value that is no longer among the choices is shown as it was saved."""
        conditions = []
        for name, form_field in self.form.fields.items():
            value = (self.data.get(name) or "").strip()
            if not value:
                continue
            labels = {str(key): label for key, label in getattr(form_field, "choices", ())}
            conditions.append((str(form_field.label), str(labels.get(value, value))))
        return conditions

    def filter_prefecture(self, queryset, name, value):
        return queryset.in_prefecture(value)

    def filter_ward(self, queryset, name, value):
        return queryset.wanted_by_ward(value)

    def filter_fiscal_year(self, queryset, name, value):
        return queryset.in_fiscal_year(int(value))


class CollaborationFilter(PlaceChoicesMixin, django_filters.FilterSet):
    ward = django_filters.ChoiceFilter(
        label=_("特別区"),
        choices=(),
        empty_label=_("すべての区"),
        widget=QuickSelect,
        method="filter_ward",
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("連携先の都道府県"),
        choices=(),
        method="filter_prefecture",
        empty_label=_("すべての都道府県"),
        widget=QuickSelect,
    )
    field = django_filters.ChoiceFilter(
        label=_("分野"),
        choices=ProposalField.choices,
        empty_label=_("すべての分野"),
        widget=QuickSelect,
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("年度"),
        choices=_proposal_fiscal_years,
        empty_label=_("すべての年度"),
        widget=QuickSelect,
        method="filter_fiscal_year",
    )
    state = django_filters.ChoiceFilter(
        label=_("状況"),
        choices=CollaborationState.choices,
        empty_label=_("すべての状況"),
        widget=QuickSelect,
        method="filter_state",
    )

    class Meta:
        model = Collaboration
        fields = ["ward", "prefecture", "field", "fiscal_year", "state"]

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)

    def filter_ward(self, queryset, name, value: str):
        return queryset.with_ward(value)

    def filter_prefecture(self, queryset, name, value):
        return queryset.in_prefecture(value)

    def filter_fiscal_year(self, queryset, name, value):
        return queryset.in_fiscal_year(int(value))
