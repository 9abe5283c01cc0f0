import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_of, fiscal_year_text
from members.forms import MunicipalityNameField
from members.models import Municipality

from . import services, ties_import
from .models import Tie, TieKind, TieProposal


class TieImportForm(forms.Form):
    file = forms.FileField(
        label=_("ファイル（CSV・Excel）"),
        help_text=_(
            "見出し：識別子（任意）・区・相手の自治体・地域名・種類・開始日・出典・備考。"
            "まず取り込み内容の確認が表示されます。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ties_import.MAX_BYTES:  # refused before it is read
            raise forms.ValidationError(ties_import.TOO_LARGE)
        return upload


def _fiscal_years() -> list[tuple[int, str]]:
    current = fiscal_year_of(timezone.localdate())
    return [(year, fiscal_year_text(year)) for year in range(current + 1, current - 3, -1)]


class RoundOpenForm(forms.Form):
    """The secretariat opens the year's confirmation (年度確認) from the desk."""

    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=_fiscal_years)
    deadline = forms.DateField(
        label=_("回答期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].initial = fiscal_year_of(timezone.localdate())


class WardConfirmForm(forms.Form):
    """A ward's member confirms the ward's list; a note to the secretariat is optional."""

    note = forms.CharField(
        label=_("事務局への連絡事項（任意）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The wards' own register on the board ---------------------------------------------------------

PARTNER_FIELDS = 3  # name boxes on a new tie's form (a tie with more partners gets one more)


def _check_since(value: datetime.date | None, label) -> datetime.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("%(label)sに未来の日付は入力できません。") % {"label": label})
    if value is not None and value < services.EARLIEST_SINCE:
        raise forms.ValidationError(
            _("%(label)sは明治元年（1868年）以降の日付を入力してください。") % {"label": label}
        )
    return value


class TieForm(forms.ModelForm):
    """A ward's tie: the partners typed by name (with suggestions), or an area's name."""

    class Meta:
        model = Tie
        fields = ["kind", "area_name", "since", "since_precision", "source", "note", "department"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.ward = ward
        kinds = list(services.WARD_KINDS)
        if self.instance.pk and self.instance.kind not in kinds:
            kinds.append(TieKind(self.instance.kind))  # a board-born tie keeps its kind
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["note"].max_length = 2000
        self.fields["note"].widget.attrs["maxlength"] = 2000
        current = list(self.instance.municipalities.all()) if self.instance.pk else []
        self.partner_names = [
            f"partner_{index}" for index in range(max(PARTNER_FIELDS, len(current) + 1))
        ]
        for index, name in enumerate(self.partner_names):
            self.fields[name] = MunicipalityNameField(
                label=_("相手の自治体 %(number)s") % {"number": index + 1},
                required=False,
                help_text=_("都道府県名から入力し、候補から選んでください（例：群馬県太田市）。")
                if index == 0
                else "",
            )
            if index < len(current):
                self.initial[name] = current[index].full_name
        # The partners first, as a person reads the tie: who, what kind, since when.
        self.order_fields(["kind", *self.partner_names, "area_name"])

    def clean_since(self):
        return _check_since(self.cleaned_data.get("since"), _("開始日"))

    def clean(self):
        cleaned = super().clean()
        partners = []
        for name in self.partner_names:
            municipality = cleaned.get(name)
            if municipality is not None and municipality not in partners:
                partners.append(municipality)
        cleaned["municipalities"] = partners
        if any(partner.pk == self.ward.pk for partner in partners):
            self.add_error(self.partner_names[0], _("相手の自治体に自分の区は選べません。"))
        elif not partners and not cleaned.get("area_name", "").strip() and not self.errors:
            self.add_error(
                self.partner_names[0], _("相手の自治体か、相手の地域名を入力してください。")
            )
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*services.TIE_FIELDS, "municipalities"]}


class TieRetireForm(forms.Form):
    retired_on = forms.DateField(label=_("終了日"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_retired_on(self):
        return _check_since(self.cleaned_data["retired_on"], _("終了日"))


class TieProposalForm(forms.ModelForm):
    """A municipality's member proposes a tie with a ward."""

    class Meta:
        model = TieProposal
        fields = ["ward", "kind", "since", "note"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Municipality.objects.special_wards().order_by("code")
        self.fields["ward"].empty_label = _("区を選んでください")
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in services.WARD_KINDS]
        self.fields["note"].max_length = 2000
        self.fields["note"].widget.attrs["maxlength"] = 2000

    def clean_since(self):
        return _check_since(self.cleaned_data.get("since"), _("開始日"))
