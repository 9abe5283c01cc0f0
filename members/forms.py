import re
import unicodedata

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .images import ACCEPT_ATTRIBUTE, process_photo
from .models import Membership, Municipality, PRPage, PRPhoto
from .models.accounts import MEMBERSHIP_PROFILE_FIELDS
from .models.pr import MAX_PHOTOS, PR_PAGE_FIELDS
from .services import PhotoChange, membership_apply

KANA = re.compile(r"^[ぁ-ゖァ-ヺー・ 　]+$")
PHONE = re.compile(r"^0\d{1,4}-?\d{1,4}-?\d{3,4}$")


def clean_kana(value: str) -> str:
    value = " ".join(value.split())
    if not KANA.match(value):
        raise ValidationError(_("よみがなは、ひらがなまたはカタカナで入力してください。"))
    return value


def clean_phone(value: str) -> str:
    value = "".join(unicodedata.normalize("NFKC", value).replace("ー", "-").split())
    digits = value.replace("-", "")
    if not PHONE.match(value) or not 10 <= len(digits) <= 11:
        raise ValidationError(
            _("電話番号は市外局番から、半角数字とハイフンで入力してください（例：03-1234-5678）。")
        )
    return value


class MunicipalityNameField(forms.CharField):
    """A municipality typed by name, with suggestions (static/js/municipality-suggest.js)."""

    default_error_messages = {
        "unknown": _(
            "「%(value)s」に当たる自治体が見つかりません。候補の中から選ぶか、"
            "都道府県名から正しく入力してください（例：東京都品川区）。"
        ),
        "ambiguous": _(
            "「%(value)s」という自治体は複数あります（%(candidates)s）。"
            "都道府県名から入力してください。"
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": "municipality-options",
                "autocomplete": "off",
                "data-municipality-suggest": reverse_lazy("members:municipality-search"),
            }
        )

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        matches = list(Municipality.objects.named(value)[:5])
        if not matches:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        if len(matches) > 1:
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"value": value, "candidates": "、".join(m.full_name for m in matches)},
            )
        return matches[0]


class MembershipFieldsMixin:
    """The staff member's details, as asked at registration and edited on マイページ."""

    def clean_full_name_kana(self):
        return clean_kana(self.cleaned_data["full_name_kana"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class SignupForm(MembershipFieldsMixin, AllauthSignupForm):
    """Registration: an account plus an application to act for a municipality."""

    municipality = MunicipalityNameField(
        label=_("自治体"),
        help_text=_(
            "所属する都道府県・市区町村名を入力し、候補から選んでください（例：東京都品川区、福井県坂井市）。"
        ),
    )
    department = forms.CharField(
        label=_("所属"), max_length=100, help_text=_("部署名（例：企画政策部 企画課）")
    )
    position = forms.CharField(
        label=_("役職"),
        max_length=100,
        help_text=_("例：主事、係長"),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    full_name = forms.CharField(
        label=_("氏名"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    full_name_kana = forms.CharField(
        label=_("氏名（よみがな）"), max_length=60, help_text=_("例：れんけい たろう")
    )
    phone = forms.CharField(
        label=_("勤務先電話番号"),
        max_length=20,
        help_text=_("例：03-1234-5678"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    agree_to_terms = forms.BooleanField(
        label=_("利用規約に同意します"),
        error_messages={"required": _("登録するには利用規約への同意が必要です。")},
    )

    field_order = [
        "email",
        "municipality",
        *MEMBERSHIP_PROFILE_FIELDS,
        "password1",
        "password2",
        "agree_to_terms",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "勤務先のメールアドレスを入力してください。確認のメールを送ります。"
        )
        # The applicant's own organisation (WCAG 1.3.5): the browser may fill it in; the
        # suggestions still come from the municipality list.
        self.fields["municipality"].widget.attrs["autocomplete"] = "organization"
        self.fields["agree_to_terms"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("members:terms"),
            _("利用規約（新しいタブで開きます）"),
        )

    def save(self, request):
        # As allauth's save, but the password is hashed (PBKDF2: most of a second of CPU) before
        # the transaction opens: on SQLite a transaction holds the one write lock from BEGIN
        # (IMMEDIATE, portal/settings.py), and twenty sign-ups hashing in turn under it made the
        # last wait past the busy timeout (tests/portal/test_sqlite_server.py).
        adapter = get_adapter()
        user = adapter.save_user(request, adapter.new_user(request), self, commit=False)
        data = self.cleaned_data
        with transaction.atomic():
            user.save()
            self.custom_signup(request, user)
            setup_user_email(request, user, [EmailAddress(email=data["email"])])
            membership_apply(
                user=user,
                municipality=data["municipality"],
                **{name: data[name] for name in MEMBERSHIP_PROFILE_FIELDS},
            )
        return user


class ProfileForm(MembershipFieldsMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = MEMBERSHIP_PROFILE_FIELDS
        widgets = {
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }


class PRPageForm(forms.ModelForm):
    website = forms.URLField(
        label=PRPage._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
        help_text=PRPage._meta.get_field("website").help_text,
        error_messages={"invalid": _("https:// から始まるウェブサイトのURLを入力してください。")},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = PRPage
        fields = PR_PAGE_FIELDS
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "tourism": forms.Textarea(attrs={"rows": 4}),
            "specialties": forms.Textarea(attrs={"rows": 4}),
            "events": forms.Textarea(attrs={"rows": 4}),
            "contact": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "tourism": _("観光地・見どころなど（1,000文字まで）"),
            "specialties": _("特産品・名産品など（1,000文字まで）"),
            "events": _("祭り・イベントなど（1,000文字まで）"),
        }


class PhotoForm(forms.Form):
    """One photo slot: an existing photo (caption, alt text, replace or remove) or a new one."""

    photo_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(
        label=_("写真ファイル"),
        required=False,
        help_text=_(
            "JPEG・PNG・WebP形式、10MB・4,000万画素まで。位置情報などは削除して保存します。"
        ),
        error_messages={
            "empty": _("ファイルが空です（0バイト）。写真のファイルを選び直してください。"),
            "invalid": _("ファイルを送信できませんでした。もう一度選んでください。"),
        },
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    caption = forms.CharField(label=_("キャプション"), max_length=100, required=False)
    alt_text = forms.CharField(
        label=_("代替テキスト"),
        max_length=200,
        required=False,
        help_text=PRPhoto._meta.get_field("alt_text").help_text,
    )

    def __init__(self, *args, photo: PRPhoto | None = None, stale: bool = False, **kwargs):
        self.photo = photo
        self.stale = stale  # the photo this slot was showing has since been removed
        super().__init__(*args, **kwargs)
        if photo is not None:
            self.fields["upload"].label = _("写真を差し替える")
            self.fields["upload"].help_text = _(
                "差し替えるときだけ選びます。JPEG・PNG・WebP形式、10MB・4,000万画素まで。"
            )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return process_photo(upload)

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE"):
            return data
        has_file = bool(data.get("upload")) or "upload" in self.errors
        if self.photo is None and not has_file and (data.get("caption") or data.get("alt_text")):
            self.add_error("upload", _("写真のファイルを選んでください。"))
        if (self.photo is not None or has_file) and not data.get("alt_text"):
            self.add_error(
                "alt_text",
                _(
                    "代替テキストを入力してください。写真の内容を、画像が見えない方にも伝わるように書きます。"
                ),
            )
        return data


class BasePhotoFormSet(forms.BaseFormSet):
    """The PR page's photos plus a few empty slots, up to six in all."""

    default_error_messages = {
        "too_many_forms": _("写真は1ページに6枚までです。"),
        "too_few_forms": _("写真の数が正しくありません。"),
        "missing_management_form": _(
            "フォームの送信内容が不完全です。ページを読み込み直してください。"
        ),
    }

    def __init__(self, *args, page: PRPage | None = None, **kwargs):
        self.photos = list(page.photos.order_by("position")) if page and page.pk else []
        kwargs.setdefault(
            "initial",
            [{"photo_id": p.pk, "caption": p.caption, "alt_text": p.alt_text} for p in self.photos],
        )
        super().__init__(*args, **kwargs)
        self.extra = min(3, MAX_PHOTOS - len(self.photos))

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("この写真を削除する")

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if self.is_bound:
            photo_id = self.data.get(f"{self.add_prefix(index)}-photo_id") or ""
        elif index is not None and index < len(self.photos):
            photo_id = str(self.photos[index].pk)
        else:
            photo_id = ""
        photo = {str(p.pk): p for p in self.photos}.get(photo_id)
        kwargs.update(photo=photo, stale=bool(photo_id) and photo is None)
        return kwargs

    def clean(self):
        shown = [form.photo.pk for form in self.forms if form.photo is not None]
        if any(form.stale for form in self.forms) or len(shown) != len(set(shown)):
            raise ValidationError(
                _(
                    "写真の一覧が変わっています（他の方が編集した可能性があります）。"
                    "ページを読み込み直してから、もう一度編集してください。"
                ),
                code="stale",
            )

    def changes(self) -> list[PhotoChange]:
        changes = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or (form.photo is None and not data.get("upload")):
                continue
            changes.append(
                PhotoChange(
                    photo=form.photo,
                    caption=data.get("caption", ""),
                    alt_text=data.get("alt_text", ""),
                    image=data.get("upload"),
                    delete=bool(data.get("DELETE")),
                )
            )
        return changes


PhotoFormSet = forms.formset_factory(
    PhotoForm,
    formset=BasePhotoFormSet,
    extra=0,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_PHOTOS,
    absolute_max=MAX_PHOTOS,
    validate_max=True,
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不承認の理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("申請者へのメールに、この理由をそのまま記載します。"),
        error_messages={"required": _("不承認の理由を入力してください。")},
    )
