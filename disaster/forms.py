"""The forms of disaster mode: declaring, requests, commitments, reports, the fund, pairings."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import EraDateField
from core.safe_input import SafeModelMultipleChoiceField
from members.forms import MunicipalityNameField
from members.models import Municipality, Prefecture

from .models import (
    Commitment,
    DisasterKind,
    Profession,
    ReportKind,
    RequestKind,
    SupportReport,
    SupportRequest,
)

MAX_NAMED = 50
DATE = forms.DateInput(attrs={"type": "date"})


class MunicipalityListField(forms.CharField):
    """Municipalities typed one a line (石川県輪島市), each checked as the sign-up checks one."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        names = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(names) > MAX_NAMED:
            raise ValidationError(
                _("一度に入力できるのは%(max)s自治体までです。"),
                code="too_many",
                params={"max": MAX_NAMED},
            )
        one = MunicipalityNameField(required=False)
        found, errors = [], []
        for name in names:
            try:
                municipality = one.clean(name)
            except ValidationError as error:
                errors.extend(error.error_list)
                continue
            if municipality is not None and municipality not in found:
                found.append(municipality)
        if errors:
            raise ValidationError(errors)
        return found


class DisasterDeclareForm(forms.Form):
    name = forms.CharField(
        label=_("災害名"), max_length=100, help_text=_("例：令和9年能登半島地震")
    )
    kind = forms.ChoiceField(label=_("種別"), choices=DisasterKind.choices)
    occurred_on = EraDateField(label=_("発生日"), widget=DATE)
    prefectures = SafeModelMultipleChoiceField(
        label=_("被災都道府県（全域）"),
        queryset=Prefecture.objects.order_by("code"),
        required=False,
        help_text=_("都道府県全体が被災した場合だけ選びます（Ctrl キーで複数選択）。"),
    )
    municipalities = MunicipalityListField(
        label=_("被災自治体"),
        required=False,
        help_text=_("1行に1自治体、都道府県名から入力してください（例：石川県輪島市）。"),
    )
    note = forms.CharField(
        label=_("お知らせに添える説明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("prefectures") and not cleaned.get("municipalities"):
            raise ValidationError(
                _("被災都道府県か被災自治体を1つ以上入力してください。"), code="no_area"
            )
        return cleaned


class SupportRequestForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = [
            "kind",
            "profession",
            "item",
            "quantity",
            "unit",
            "start_on",
            "end_on",
            "deadline",
            "place",
            "conditions",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "start_on": DATE,
            "end_on": DATE,
            "deadline": DATE,
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "profession": _("職員派遣の場合に選びます。"),
            "unit": _("職員派遣なら空欄で「名」になります。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False
        # Radio buttons need no blank "---------" choice: nothing is checked until one is.
        self.fields["kind"].choices = RequestKind.choices
        self.fields["quantity"].max_value = 100_000
        self.fields["quantity"].widget.attrs["max"] = 100_000
        self.fields["conditions"].max_length = 2000
        self.fields["profession"].choices = [("", _("（職員派遣以外）")), *Profession.choices]
        for name in ("start_on", "end_on", "deadline"):
            self.fields[name] = EraDateField(
                label=self.fields[name].label, required=False, widget=DATE
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == RequestKind.STAFF:
            if not cleaned.get("profession"):
                self.add_error("profession", _("職員派遣の要請では職種を選んでください。"))
            cleaned["unit"] = cleaned.get("unit") or "名"  # data, in the content's language
        elif kind and not cleaned.get("unit"):
            self.add_error("unit", _("単位を入力してください（例：箱、本、台）。"))
        if kind and kind != RequestKind.STAFF:
            cleaned["profession"] = ""
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("終了日は開始日より後にしてください。"))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service, with the disaster and the author set.
        pass


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["quantity", "start_on", "end_on", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].max_value = 100_000
        self.fields["quantity"].min_value = 1
        for name in ("start_on", "end_on"):
            self.fields[name] = EraDateField(
                label=self.fields[name].label, required=False, widget=DATE
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("終了日は開始日より後にしてください。"))
        return cleaned

    def _post_clean(self):
        pass


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("受け入れる")), ("decline", _("辞退する"))])


class SupportReportForm(forms.ModelForm):
    class Meta:
        model = SupportReport
        fields = [
            "kind",
            "profession",
            "people",
            "start_on",
            "end_on",
            "item",
            "quantity",
            "unit",
            "amount_yen",
            "note",
        ]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "profession": _("職員派遣の場合。"),
            "item": _("物資支援の場合（例：飲料水）。"),
            "amount_yen": _("区独自の義援金の場合。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ReportKind.choices  # radio buttons: no "---------"
        self.fields["profession"].choices = [("", _("（職員派遣以外）")), *Profession.choices]
        for name in ("people", "quantity"):
            self.fields[name].max_value = 100_000
        self.fields["amount_yen"].max_value = 10**12
        for name in ("start_on", "end_on"):
            self.fields[name] = EraDateField(
                label=self.fields[name].label, required=False, widget=DATE
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        required = {
            ReportKind.STAFF: ["profession", "people"],
            ReportKind.SUPPLIES: ["item", "quantity"],
            ReportKind.DONATION: ["amount_yen"],
        }.get(kind, [])
        for name in required:
            if not cleaned.get(name):
                self.add_error(name, _("この種類の報告では必須です。"))
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("終了日は開始日より後にしてください。"))
        return cleaned

    def _post_clean(self):
        pass


class ReliefFundForm(forms.Form):
    amount_yen = forms.IntegerField(label=_("金額（円）"), min_value=1, max_value=10**12)
    decided_on = EraDateField(label=_("決定日"), widget=DATE)
    recipients = MunicipalityListField(
        label=_("拠出先の自治体"),
        required=False,
        help_text=_("1行に1自治体（例：石川県輪島市）。"),
    )
    recipients_note = forms.CharField(label=_("拠出先（自由記述）"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("recipients") and not cleaned.get("recipients_note"):
            raise ValidationError(_("拠出先を入力してください。"), code="no_recipient")
        return cleaned


class PairingForm(forms.Form):
    ward = forms.ModelChoiceField(
        label=_("特別区"), queryset=Municipality.objects.special_wards().order_by("code")
    )
    municipality = forms.ModelChoiceField(
        label=_("被災自治体"), queryset=Municipality.objects.none()
    )

    def __init__(self, *args, affected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = affected.order_by("code")
