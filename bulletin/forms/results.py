"""A collaboration's results: its state, progress entries and outcome indicators."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.safe_input import SingleLineCharField
from events.models import Event
from members.images import process_photo

from ..models import Collaboration, CollaborationState, Indicator, ProgressEntry
from ..models.collaborations import DECIMAL_PLACES, MAX_DIGITS

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_VALUE = 10 ** (MAX_DIGITS - DECIMAL_PLACES) - 1


def _date_field(label, *, required=False):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _check_range(form, name, *, latest=LATEST):
    day = form.cleaned_data.get(name)
    if day is not None and not (EARLIEST <= day <= latest):
        form.add_error(
            name,
            _("%(earliest)s〜%(latest)sの日付を入力してください。")
            % {"earliest": EARLIEST.isoformat(), "latest": latest.isoformat()},
        )


def _value_field(label, *, required=False):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_VALUE,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
    )


class CollaborationStateForm(forms.ModelForm):
    state = forms.ChoiceField(label=_("状況"), choices=CollaborationState.choices)
    started_on = _date_field(_("開始日"))
    ended_on = _date_field(_("終了日"))

    class Meta:
        model = Collaboration
        fields = ["state", "started_on", "ended_on"]

    def clean(self):
        cleaned = super().clean()
        _check_range(self, "started_on")
        _check_range(self, "ended_on")
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if cleaned.get("state") == CollaborationState.COMPLETED and not ended:
            self.add_error("ended_on", _("完了にするには終了日を入力してください。"))
        if started and ended and ended < started:
            self.add_error("ended_on", _("終了日は開始日より後にしてください。"))
        return cleaned


class ProgressEntryForm(forms.ModelForm):
    date = _date_field(_("日付"), required=True)
    text = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea({"rows": 5}))
    photo = forms.FileField(
        label=_("写真（任意）"),
        required=False,
        help_text=_("JPEG・PNG。位置情報などは取り除いて保存します。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_alt = SingleLineCharField(
        label=_("写真の説明（代替テキスト）"), max_length=200, required=False
    )
    event = forms.ModelChoiceField(
        label=_("関連するイベント（任意）"),
        queryset=Event.objects.order_by("-start_date"),
        required=False,
    )

    class Meta:
        model = ProgressEntry
        fields = ["date", "text", "photo", "photo_alt", "event"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return process_photo(upload).display  # re-encoded as PR photos are: no EXIF or GPS

    def clean(self):
        cleaned = super().clean()
        _check_range(self, "date", latest=timezone.localdate())
        if cleaned.get("photo") and not cleaned.get("photo_alt"):
            self.add_error("photo_alt", _("写真を載せるときは、写真の説明を入力してください。"))
        return cleaned


class IndicatorForm(forms.ModelForm):
    name = SingleLineCharField(label=_("指標"), max_length=200)
    unit = SingleLineCharField(
        label=_("単位"), max_length=20, help_text=_("例：万人、事業者、千円")
    )
    baseline = _value_field(_("基準値（任意）"))
    baseline_on = _date_field(_("基準値の時点"))
    target = _value_field(_("目標値"), required=True)
    target_on = _date_field(_("目標の時点（任意）"))
    actual = _value_field(_("実績値（任意）"))
    actual_on = _date_field(_("実績の測定日"))

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "direction",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "actual",
            "actual_on",
        ]

    def clean(self):
        cleaned = super().clean()
        for name in ("baseline_on", "target_on"):
            _check_range(self, name)
        _check_range(self, "actual_on", latest=timezone.localdate())
        if cleaned.get("baseline") is not None and not cleaned.get("baseline_on"):
            self.add_error("baseline_on", _("基準値の時点を入力してください。"))
        if cleaned.get("actual") is not None and not cleaned.get("actual_on"):
            self.add_error("actual_on", _("実績の測定日を入力してください。"))
        return cleaned
