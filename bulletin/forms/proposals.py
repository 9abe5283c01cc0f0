"""The forms of a post: a proposal's and a call's (募集), with their attachments."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_of, fiscal_year_text
from core.safe_input import SafeModelMultipleChoiceField, SingleLineCharField
from members.models import Municipality, Prefecture, Region

from ..attachments import MAX_FILES, check_upload
from ..matching import call_reach, target_q
from ..models import Proposal, ProposalAttachment
from ..models.proposals import CALL_FIELDS, PROPOSAL_FIELDS


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


def reach_sentence(reach) -> str:
    if not reach.municipalities:
        return str(_("この対象に当てはまる自治体はありません。"))
    return _(
        "対象：%(municipalities)s自治体、会員%(members)s人（関心の設定に合う会員に通知されます）"
    ) % {
        "municipalities": f"{reach.municipalities:,}",
        "members": f"{reach.members:,}",
    }


class PrefectureChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CallForm(PostForm):
    """A ward's call (募集): what it offers or seeks, and to whom. The target's conditions all
    apply at once; a target that reaches no municipality is refused."""

    related_fields = ("target_prefectures",)

    target_prefectures = PrefectureChoiceField(
        label=_("対象の都道府県"),
        queryset=Prefecture.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("選ばなければ全国が対象です。複数選ぶと、そのどれかにある自治体が対象です。"),
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

    TARGET_FIELDS = ("target_body", "target_prefectures", "target_region", "target_kind")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_body"].empty_label = _("指定しない（すべての自治体）")
        self.fields["target_region"].choices = [("", _("指定しない"))] + list(Region.choices)
        self._target = None
        self._reach = None

    @property
    def reach(self):
        """How far the cleaned target reaches (two counts, made only when shown: accepting a
        call needs only to know that its target names a municipality)."""
        if self._reach is None and self._target is not None:
            self._reach = call_reach(**self._target)
        return self._reach

    def prefecture_groups(self):
        """The prefectures' checkboxes by region, as the interests form lays them out."""
        region_of = {
            str(pk): region for pk, region in Prefecture.objects.values_list("pk", "region")
        }
        groups = {}
        for checkbox in self["target_prefectures"]:
            region = region_of[str(checkbox.data["value"])]
            groups.setdefault(region, []).append(checkbox)
        return [(Region(region).label, boxes) for region, boxes in groups.items()]

    def reach_text(self) -> str:
        """How far the target reaches, in a sentence (the page shows it; the script updates it)."""
        reach = self.reach
        if reach is None and not self.is_bound:
            instance = self.instance
            reach = call_reach(
                body=instance.target_body if instance.target_body_id else None,
                prefecture_ids=[p.pk for p in instance.target_prefectures.all()]
                if instance.pk
                else (),
                region=instance.target_region,
                kind=instance.target_kind,
            )
        return reach_sentence(reach) if reach else ""

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in self.TARGET_FIELDS):
            return cleaned
        self._target = {
            "body": cleaned.get("target_body"),
            "prefecture_ids": [p.pk for p in cleaned.get("target_prefectures") or ()],
            "region": cleaned.get("target_region") or "",
            "kind": cleaned.get("target_kind") or "",
        }
        self._reach = None
        if not Municipality.objects.filter(target_q(**self._target)).exists():
            raise ValidationError(
                _(
                    "この対象に当てはまる自治体はありません。対象の条件はすべて同時に満たす"
                    "自治体に届きます（例：北海道の協定団体と福井県を選ぶと、どちらにも当てはまる"
                    "自治体はありません）。条件を減らしてください。"
                ),
                code="no_reach",
            )
        return cleaned
