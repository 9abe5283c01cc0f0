"""A member's interest profile, and saving a search of the board."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody
from members.models import Prefecture, Region

from ..models import ProposalField, ProposalKind


class InterestProfileForm(forms.Form):
    fields_ = forms.MultipleChoiceField(
        label=_("分野"),
        choices=ProposalField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("連携の種類"),
        choices=ProposalKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("地方"), choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    prefectures = forms.ModelMultipleChoiceField(
        label=_("都道府県"),
        queryset=Prefecture.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("地方か都道府県のどちらかに当てはまる提案を受け取ります。"),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("協定団体"),
        queryset=AgreementBody.objects.order_by("prefecture__code", "kind"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("選んだ団体の構成自治体からの提案だけを受け取ります。"),
    )
    for_municipality = forms.BooleanField(
        label=_("自治体の既定にする"),
        required=False,
        help_text=_("自分の設定を持たない同じ自治体の会員にも、この設定を使います。"),
    )

    PLACE_FIELDS = ("regions", "prefectures", "bodies")

    def __init__(self, *args, places: bool = True, **kwargs):
        """`places`: offer where a post comes from (regions, prefectures, bodies). Only a ward's
        member hears of proposals, whose places matching reads; a municipality hears of calls,
        which all come from Tokyo, so those choices would change nothing for it."""
        super().__init__(*args, **kwargs)
        if not places:
            for name in self.PLACE_FIELDS:
                del self.fields[name]
        # "fields" is a Form attribute: the form field is named fields_ and labelled 分野.
        self.fields["fields_"].label = _("分野")


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("検索の名前"), max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)
    alerts = forms.BooleanField(label=_("新しい一致を通知する"), required=False, initial=True)


class SavedSearchAlertsForm(forms.Form):
    """One saved search's alert switch: "on" or "off"."""

    alerts = forms.ChoiceField(
        label=_("新しい一致を通知する"), choices=[("on", _("オン")), ("off", _("オフ"))]
    )
