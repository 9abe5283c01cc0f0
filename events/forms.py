import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import EraDateField, SlugFromTitleMixin
from core.safe_input import SingleLineCharField
from members.images import ACCEPT_ATTRIBUTE, process_photo
from members.models import Municipality

from .submissions import EventSubmission


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


# How far ahead (and back, for an event already running) a member may put an event.
SUBMISSION_DAYS_BACK = 31
SUBMISSION_YEARS_AHEAD = 3


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventSubmissionForm(forms.ModelForm):
    """A member's own event: what, when, where (a ward's venue or online), an image."""

    title = SingleLineCharField(label=_("名称"), max_length=200)
    start_date = EraDateField(label=_("開始日"), widget=_date_input())
    end_date = EraDateField(
        label=_("終了日"), required=False, widget=_date_input(), help_text=_("1日限りなら空欄")
    )
    start_time = forms.TimeField(label=_("開始時刻"), required=False, widget=_time_input())
    end_time = forms.TimeField(label=_("終了時刻"), required=False, widget=_time_input())
    ward = forms.ModelChoiceField(
        label=_("会場のある区"),
        queryset=Municipality.objects.special_wards().order_by("code"),
        required=False,
        empty_label=_("選んでください"),
        help_text=_("23区内の会場で開く場合に選びます。"),
    )
    venue = SingleLineCharField(
        label=_("会場"), max_length=200, required=False, help_text=_("例：東京区政会館 20階")
    )
    description = forms.CharField(
        label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    link = forms.URLField(
        label=_("詳しい情報のページ（任意）"), required=False, max_length=200, assume_scheme="https"
    )
    image = forms.FileField(
        label=_("画像（任意）"),
        required=False,
        help_text=_("JPEG・PNG・WebP、10MBまで。位置情報などは取り除いて保存します。"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    image_alt = SingleLineCharField(
        label=_("画像の説明（代替テキスト）"), max_length=200, required=False
    )

    class Meta:
        model = EventSubmission
        fields = [
            "category",
            "title",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "online",
            "ward",
            "venue",
            "description",
            "link",
            "image",
            "image_alt",
        ]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return None  # nothing new uploaded: the stored image stays
        return process_photo(upload).display  # re-encoded as PR photos are: no EXIF or GPS

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        earliest = today - datetime.timedelta(days=SUBMISSION_DAYS_BACK)
        latest = today.replace(year=today.year + SUBMISSION_YEARS_AHEAD)
        for name in ["start_date", "end_date"]:
            day = cleaned.get(name)
            if day is not None and not earliest <= day <= latest:
                self.add_error(
                    name,
                    _("%(earliest)s〜%(latest)sの日付を入力してください。")
                    % {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
                )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("終了日は開始日より後にしてください。"))
        if cleaned.get("end_time") and not cleaned.get("start_time"):
            self.add_error("start_time", _("終了時刻を入れるときは開始時刻も入力してください。"))
        if not cleaned.get("online"):
            if not cleaned.get("ward"):
                self.add_error(
                    "ward",
                    _("会場のある区を選んでください（オンラインの場合はその旨を選んでください）。"),
                )
            if not cleaned.get("venue"):
                self.add_error("venue", _("会場を入力してください。"))
        has_image = cleaned.get("image") or (self.instance.pk and self.instance.image)
        if has_image and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("画像を載せるときは、画像の説明を入力してください。"))
        return cleaned


class SubmissionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("判断"),
        choices=[("approve", _("承認して掲載する")), ("return", _("理由を添えて差し戻す"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("差し戻しの理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("差し戻すときに入力します。申請した会員にメールで伝えます。"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("差し戻しの理由を入力してください。"))
        return cleaned
