from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_of, fiscal_year_text

from . import ties_import


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
