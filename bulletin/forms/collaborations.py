"""A post's status change, with the collaboration record asked for at 成立."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_of
from core.safe_input import SafeModelMultipleChoiceField, SingleLineCharField
from members.models import Municipality
from partners.models import PartnerOrganisation

from ..models import Proposal, ProposalStatus
from .proposals import WardChoiceField, fiscal_year_choices


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新しい状態"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("メモ（任意）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("関係者への通知にも載ります。"),
    )
    wards = WardChoiceField(
        label=_("連携する区"),
        queryset=Municipality.objects.special_wards().order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("手を挙げた区だけを選べます（あらかじめ選ばれています）。"),
    )
    partners = SafeModelMultipleChoiceField(
        label=_("連携団体"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "手を挙げた連携団体（企業・NPOなど）だけを選べます（あらかじめ選ばれています）。"
        ),
    )
    title = SingleLineCharField(
        label=_("事業名"),
        required=False,
        max_length=200,
        help_text=_(
            "公開の連携事業一覧に載る名前です。投稿の件名が入っています。"
            "事業として分かる名前に直してください（例：品川区民まつり 坂井市物産展）。"
        ),
    )
    summary = forms.CharField(
        label=_("事業の概要"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("公開の連携事業一覧に載ります。"),
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("実施年度"), coerce=int, empty_value=None, required=False
    )
    started_on = forms.DateField(
        label=_("開始日（任意）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["status"].choices = [
            (status.value, status.label) for status in proposal.next_statuses
        ]
        first = min(
            filter(None, [proposal.effective_fiscal_year, fiscal_year_of(timezone.localdate()) - 1])
        )
        self.fields["fiscal_year"].choices = fiscal_year_choices(first, blank=_("選んでください"))
        self.fields["fiscal_year"].initial = proposal.effective_fiscal_year or fiscal_year_of(
            timezone.localdate()
        )
        # Only the wards that raised a hand can be named (services.collaborations).
        raised = [hand.ward_id for hand in proposal.hands.all()]
        if proposal.is_call:  # the roles swap: the municipalities that raised a hand
            self.fields["wards"].queryset = Municipality.objects.order_by("code")
            self.fields["wards"].label = _("連携する自治体")
            self.fields["wards"].help_text = _("手を挙げた自治体だけを選べます。")
        self.fields["wards"].queryset = self.fields["wards"].queryset.filter(pk__in=raised)
        self.fields["wards"].initial = raised
        organisations = [
            hand.organisation_id for hand in proposal.hands.all() if hand.organisation_id
        ]
        if organisations:
            self.fields["partners"].queryset = PartnerOrganisation.objects.filter(
                pk__in=organisations
            ).order_by("name")
            self.fields["partners"].initial = organisations
        else:
            del self.fields["partners"]
        self.fields["title"].initial = proposal.title
        self.fields["summary"].initial = proposal.title
        self.fields["started_on"].initial = proposal.period_start

    @property
    def offers_realized(self) -> bool:
        return ProposalStatus.REALIZED in self.proposal.next_statuses

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ProposalStatus.REALIZED:
            partner_only = self.proposal.is_call and cleaned.get("partners")
            if not cleaned.get("wards") and not partner_only:
                self.add_error("wards", _("成立にするには連携する区を1つ以上選んでください。"))
            if not (cleaned.get("title") or "").strip():
                self.add_error("title", _("成立にするには事業名を入力してください。"))
            if not (cleaned.get("summary") or "").strip():
                self.add_error("summary", _("成立にするには事業の概要を入力してください。"))
            if not cleaned.get("fiscal_year"):
                self.add_error("fiscal_year", _("成立にするには実施年度を選んでください。"))
        return cleaned

    def collaboration_data(self) -> dict | None:
        if self.cleaned_data["status"] != ProposalStatus.REALIZED:
            return None
        return {
            "title": self.cleaned_data["title"],
            "wards": self.cleaned_data["wards"],
            "partners": self.cleaned_data.get("partners") or [],
            "summary": self.cleaned_data["summary"],
            "fiscal_year": self.cleaned_data["fiscal_year"],
            "started_on": self.cleaned_data.get("started_on"),
        }
