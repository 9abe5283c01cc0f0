"""The forms of a 調整ルーム: a message (with files checked as the board's are) and a side's
contact card."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.safe_input import SingleLineCharField

from ..attachments import MAX_FILES, check_upload
from ..models import ContactCard
from .proposals import MultipleFileField, MultipleFileInput


class RoomMessageForm(forms.Form):
    body = forms.CharField(
        label=_("メッセージ"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = MultipleFileField(
        label=_("添付ファイル"),
        required=False,
        allow_empty_file=True,  # check_upload names the empty file in its message
        help_text=_("PDF・JPEG・PNG・WebPの画像、1ファイル10MBまで、5件まで。"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("添付ファイルは%(max)s件までです。"), params={"max": MAX_FILES})
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


class ContactCardForm(forms.ModelForm):
    class Meta:
        model = ContactCard
        fields = ["department", "phone", "email", "shared"]
        field_classes = {"department": SingleLineCharField, "phone": SingleLineCharField}
