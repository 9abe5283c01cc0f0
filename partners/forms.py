from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.forms import clean_kana, clean_phone

from .models import ORGANISATION_FIELDS, PARTNER_PROFILE_FIELDS, OrganisationKind
from .models import PartnerOrganisation as Organisation
from .services import partner_apply
from .validators import normalise_corporate_number, validate_corporate_number


class PartnerSignupForm(AllauthSignupForm):
    """An organisation's sign-up: an account plus an application to act for the organisation."""

    name = forms.CharField(
        label=_("団体名"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("正式名称（例：特定非営利活動法人 まちづくりネット）"),
    )
    kind = forms.ChoiceField(label=_("種別"), choices=OrganisationKind.choices)
    corporate_number = forms.CharField(
        label=_("法人番号"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "国税庁が指定する13桁の番号です。任意団体（種別「団体」で法人格のないもの）は空欄にしてください。"
        ),
    )
    address = forms.CharField(
        label=_("所在地"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    offer = forms.CharField(
        label=_("提供できること"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("自治体との連携で提供できること（1行に1つ）。公開の連携団体一覧に載ります。"),
    )
    website = forms.URLField(
        label=_("ウェブサイト（任意）"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    department = forms.CharField(label=_("部署"), max_length=100)
    full_name = forms.CharField(
        label=_("担当者氏名"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    full_name_kana = forms.CharField(
        label=_("担当者氏名（よみがな）"), max_length=60, help_text=_("例：れんけい たろう")
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=20,
        help_text=_("例：03-1234-5678"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    agree_to_terms = forms.BooleanField(
        label=_("利用規約に同意します"),
        error_messages={"required": _("登録するには利用規約への同意が必要です。")},
    )

    field_order = [
        *ORGANISATION_FIELDS,
        *PARTNER_PROFILE_FIELDS,
        "email",
        "password1",
        "password2",
        "agree_to_terms",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "団体のメールアドレスを入力してください。確認のメールを送ります。"
        )
        self.fields["agree_to_terms"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("members:terms"),
            _("利用規約（新しいタブで開きます）"),
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.filter(name=name).exists():
            raise ValidationError(
                _(
                    "「%(name)s」はすでに登録されています。同じ団体の方の追加は、事務局にお問い合わせください。"
                ),
                params={"name": name},
            )
        return name

    def clean_corporate_number(self):
        number = normalise_corporate_number(self.cleaned_data["corporate_number"])
        if number:
            validate_corporate_number(number)
        return number

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_full_name_kana(self):
        return clean_kana(self.cleaned_data["full_name_kana"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if (
            "corporate_number" in data
            and not data["corporate_number"]
            and data.get("kind")
            and data["kind"] != OrganisationKind.ASSOCIATION
        ):
            self.add_error(
                "corporate_number",
                _("法人番号を入力してください（空欄にできるのは種別「団体」の任意団体だけです）。"),
            )
        return data

    def save(self, request):
        # As members.forms.SignupForm.save: the password is hashed before the transaction opens.
        adapter = get_adapter()
        user = adapter.save_user(request, adapter.new_user(request), self, commit=False)
        data = self.cleaned_data
        with transaction.atomic():
            user.save()
            self.custom_signup(request, user)
            setup_user_email(request, user, [EmailAddress(email=data["email"])])
            partner_apply(
                user=user,
                organisation={name: data[name] for name in ORGANISATION_FIELDS},
                **{name: data[name] for name in PARTNER_PROFILE_FIELDS},
            )
        return user
