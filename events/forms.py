from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SlugFromTitleMixin


class RegistrationForm(forms.Form):
    """The questions of a registration: name, organisation, e-mail (a member's municipality is
    taken from the membership, not asked)."""

    name = forms.CharField(
        label=_("氏名"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("所属（自治体・企業・団体名など）"),
        max_length=200,
        required=False,
        help_text=_("企業・NPO等の方は団体名を、自治体の方は部署名までご記入ください。"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("メールアドレス"),
        help_text=_("受付の確認メールとキャンセル用のリンクをお送りします。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class EventAdminForm(SlugFromTitleMixin, forms.ModelForm):
    """The admin's event form (its model and fields come from EventAdmin): a blank URL name is
    made from the start date and the title."""

    slug_date_field = "start_date"
