from django import forms
from django.utils.translation import gettext_lazy as _

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
