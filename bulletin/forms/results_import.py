"""The secretariat's upload of collaborations' results (bulletin/results_import.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import results_import


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("ファイル（CSV）"),
        help_text=_(
            "見出し：識別子・種別（経過／実績）・日付・内容・状況・指標・実績値。"
            "UTF-8で保存してください。まず取り込み内容の確認が表示されます。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > results_import.MAX_BYTES:  # refused before it is read
            raise forms.ValidationError(results_import.TOO_LARGE)
        return upload
