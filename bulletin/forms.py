from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody
from core.dates import fiscal_year_of, fiscal_year_text
from core.safe_input import SafeModelMultipleChoiceField, SingleLineCharField
from members.models import Municipality, Prefecture, Region

from .attachments import MAX_FILES, check_upload
from .models import (
    Delivery,
    ModerationKind,
    NotificationKind,
    Proposal,
    ProposalAttachment,
    ProposalField,
    ProposalKind,
    ProposalStatus,
)
from .models.proposals import CALL_FIELDS, PROPOSAL_FIELDS


def fiscal_year_choices(first: int | None = None, ahead: int = 2, blank: str | None = None):
    """Fiscal years from `first` (or last year) to `ahead` years from now, newest first."""
    current = fiscal_year_of(timezone.localdate())
    first = first if first is not None else current - 1
    choices = [(year, fiscal_year_text(year)) for year in range(current + ahead, first - 1, -1)]
    return ([("", blank)] if blank is not None else []) + choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class WardChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class PostForm(forms.ModelForm):
    """What a proposal's form and a call's share: the fiscal year or the period (at least one,
    the period in order), the field and kind to choose, and the data handed to the service,
    which runs the model's own validation (the instance has no municipality yet)."""

    # Many-to-many fields: given to the service on their own, not as the post's columns.
    related_fields: tuple[str, ...] = ()

    fiscal_year = forms.TypedChoiceField(
        label=_("実施年度"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("実施年度か実施期間の少なくとも一方を入力してください。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance_year = self.instance.fiscal_year if self.instance.pk else None
        first = min(filter(None, [instance_year, fiscal_year_of(timezone.localdate()) - 1]))
        self.fields["fiscal_year"].choices = fiscal_year_choices(first, blank=_("指定しない"))
        for name in ("field", "kind"):
            self.fields[name].choices = [("", _("選んでください"))] + self.fields[name].choices[1:]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("fiscal_year") and not cleaned.get("period_start"):
            self.add_error(
                "fiscal_year", _("実施年度か実施期間（開始）の少なくとも一方を入力してください。")
            )
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if end and not start:
            self.add_error("period_start", _("終了日を入れる場合は開始日も入力してください。"))
        elif start and end and end < start:
            self.add_error("period_end", _("終了日は開始日以降にしてください。"))
        return cleaned

    def post_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in self.related_fields and name in self.cleaned_data
        }

    def _post_clean(self):
        pass


class ProposalForm(PostForm):
    related_fields = ("wards",)

    any_ward = forms.TypedChoiceField(
        label=_("希望する区"),
        choices=[(True, _("どの区でも可")), (False, _("区を選ぶ"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=True,
    )
    wards = WardChoiceField(
        label=_("区を選ぶ場合"),
        queryset=Municipality.objects.special_wards().order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「区を選ぶ」にした場合、1つ以上選んでください。"),
    )
    attachments = MultipleFileField(
        label=_("添付ファイル"),
        required=False,
        allow_empty_file=True,  # check_upload names the empty file in its message
        help_text=_("PDF・JPEG・PNG・WebPの画像、1ファイル10MBまで、5件まで。"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )
    remove_attachments = SafeModelMultipleChoiceField(
        label=_("削除する添付ファイル"),
        queryset=ProposalAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = PROPOSAL_FIELDS
        # The title becomes part of mail subjects: one line. Lengths come from the model.
        field_classes = {"title": SingleLineCharField}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "offer": forms.Textarea(attrs={"rows": 4}),
            "seeking": forms.Textarea(attrs={"rows": 4}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title": _("120文字まで。何を提案するかが一目で分かる件名にしてください。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]

    def clean_attachments(self):
        checked, errors = [], []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("any_ward") is False and not cleaned.get("wards"):
            self.add_error("wards", _("希望する区を1つ以上選んでください。"))
        existing = (
            len(self.fields["remove_attachments"].queryset)
            if "remove_attachments" in self.fields
            else 0
        )
        removed = len(cleaned.get("remove_attachments") or [])
        if existing - removed + len(cleaned.get("attachments") or []) > MAX_FILES:
            self.add_error(
                "attachments",
                ValidationError(_("添付ファイルは%(max)s件までです。"), params={"max": MAX_FILES}),
            )
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("返信内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("URLはリンクになります。5,000文字まで。"),
    )


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
        # Only the wards that raised a hand can be named (services._create_collaboration).
        raised = [hand.ward_id for hand in proposal.hands.all()]
        if proposal.is_call:  # the roles swap: the municipalities that raised a hand
            self.fields["wards"].queryset = Municipality.objects.order_by("code")
            self.fields["wards"].label = _("連携する自治体")
            self.fields["wards"].help_text = _("手を挙げた自治体だけを選べます。")
        self.fields["wards"].queryset = self.fields["wards"].queryset.filter(pk__in=raised)
        self.fields["wards"].initial = raised
        self.fields["summary"].initial = proposal.title
        self.fields["started_on"].initial = proposal.period_start

    @property
    def offers_realized(self) -> bool:
        return ProposalStatus.REALIZED in self.proposal.next_statuses

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ProposalStatus.REALIZED:
            if not cleaned.get("wards"):
                self.add_error("wards", _("成立にするには連携する区を1つ以上選んでください。"))
            if not (cleaned.get("summary") or "").strip():
                self.add_error("summary", _("成立にするには事業の概要を入力してください。"))
            if not cleaned.get("fiscal_year"):
                self.add_error("fiscal_year", _("成立にするには実施年度を選んでください。"))
        return cleaned

    def collaboration_data(self) -> dict | None:
        if self.cleaned_data["status"] != ProposalStatus.REALIZED:
            return None
        return {
            "wards": self.cleaned_data["wards"],
            "summary": self.cleaned_data["summary"],
            "fiscal_year": self.cleaned_data["fiscal_year"],
            "started_on": self.cleaned_data.get("started_on"),
        }


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("通報の理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("事務局だけが読みます。投稿者には通知されません。"),
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("対応"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("記録に残ります。非表示の理由は提案自治体にも表示されます。"),
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        first = ModerationKind.RESTORE if target.is_hidden else ModerationKind.HIDE
        self.fields["action"].choices = [
            (first.value, first.label),
            (ModerationKind.DISMISS.value, ModerationKind.DISMISS.label),
        ]
        self.fields["action"].initial = first.value


class NotificationPreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("メールの受け取り方"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "まとめて受け取る場合、前日からのお知らせを毎朝1通のメールでお送りします。"
            "サイト内の通知一覧には、どちらを選んでもすべて表示されます。"
        ),
    )


class AlertsForm(forms.Form):
    """Each kind of alert can be turned off (unticked)."""

    kinds = forms.MultipleChoiceField(
        label=_("受け取る通知"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("チェックを外した種類の通知は、サイト内にもメールにも届きません。"),
    )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "fields" is a Form attribute: the form field is named fields_ and labelled 分野.
        self.fields["fields_"].label = _("分野")


class CallForm(PostForm):
    """A ward's call (募集): what it offers or seeks, and to whom."""

    related_fields = ("target_prefectures",)

    target_prefectures = forms.ModelMultipleChoiceField(
        label=_("対象の都道府県"),
        queryset=Prefecture.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("選ばなければ全国が対象です。"),
    )

    class Meta:
        model = Proposal
        fields = CALL_FIELDS
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": 10000}),
            "offer": forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
            "seeking": forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"body": _("募集内容")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_body"].empty_label = _("指定しない（すべての自治体）")
        self.fields["target_region"].choices = [("", _("指定しない"))] + list(Region.choices)


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("検索の名前"), max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)
    alerts = forms.BooleanField(label=_("新しい一致を通知する"), required=False, initial=True)


class ConsultationForm(forms.Form):
    subject = forms.CharField(label=_("件名"), max_length=120)
    body = forms.CharField(
        label=_("相談内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("事務局だけが読みます。公開されません。"),
    )


class ConsultationReplyForm(forms.Form):
    body = forms.CharField(
        label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
