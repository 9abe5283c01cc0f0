import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bulletin.models import ProposalField
from core.dates import fiscal_year_of, fiscal_year_text
from core.forms import EraDateField
from core.safe_input import SingleLineCharField

from .models import Offer

# The calendar and requests look at most this far ahead (and never into the past).
YEARS_AHEAD = 3


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_range(form, start_name="start_date", end_name="end_date", *, past_ok=False) -> None:
    """Both days within today – three years ahead; the end not before the start."""
    today = timezone.localdate()
    earliest = today - datetime.timedelta(days=366) if past_ok else today
    latest = today.replace(year=today.year + YEARS_AHEAD)
    for name in (start_name, end_name):
        day = form.cleaned_data.get(name)
        if day is not None and not earliest <= day <= latest:
            form.add_error(
                name,
                _("%(earliest)s〜%(latest)sの日付を入力してください。")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            )
    start, end = form.cleaned_data.get(start_name), form.cleaned_data.get(end_name)
    if start and end and end < start:
        form.add_error(end_name, _("終了日は開始日より後にしてください。"))


class OfferForm(forms.ModelForm):
    title = SingleLineCharField(label=_("名称"), max_length=200)
    cost = SingleLineCharField(
        label=_("費用"),
        max_length=200,
        required=False,
        help_text=_("例：1泊 3,000円（区民料金）、無料"),
    )
    contact_department = SingleLineCharField(
        label=_("担当部署"), max_length=200, help_text=_("例：総務部 総務課 保養施設係")
    )

    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "description",
            "conditions",
            "cost",
            "contact_department",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }


class AvailabilityForm(forms.Form):
    start_date = EraDateField(label=_("開始日"), widget=_date_input())
    end_date = EraDateField(label=_("終了日"), widget=_date_input())
    note = SingleLineCharField(label=_("備考"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        check_range(self)
        return cleaned


class RequestForm(forms.Form):
    start_date = EraDateField(
        label=_("希望の開始日"), widget=_date_input(), help_text=_("保養所なら到着日")
    )
    end_date = EraDateField(
        label=_("希望の終了日"), widget=_date_input(), help_text=_("保養所なら出発日")
    )
    body = forms.CharField(
        label=_("申込の内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("人数・目的・連絡先など。この区の会員だけが読めます。"),
    )

    def clean(self):
        cleaned = super().clean()
        check_range(self)
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("回答"),
        choices=[("accept", _("受け入れる")), ("decline", _("お断りする"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("ひとこと（任意）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CollaborationForm(forms.Form):
    summary = forms.CharField(
        label=_("事業の概要"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("連携事業一覧（公開）に載ります。"),
    )
    field = forms.ChoiceField(label=_("分野"), choices=ProposalField.choices)
    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = fiscal_year_of(timezone.localdate())
        self.fields["fiscal_year"].choices = [
            (year, fiscal_year_text(year)) for year in range(current - 1, current + 2)
        ]
        self.fields["fiscal_year"].initial = current
