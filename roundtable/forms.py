from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from bulletin.attachments import check_upload
from core.safe_input import SingleLineCharField
from events.forms import RegistrationForm

from .models import TopicDocument


class ThreadForm(forms.Form):
    title = SingleLineCharField(label=_("スレッドの題名"), max_length=200)
    body = forms.CharField(
        label=_("本文"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("返信内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("記録として残ります。"),
    )


class MeetingRegistrationForm(RegistrationForm):
    """The events app's registration questions, as they are."""


class TopicDocumentForm(forms.ModelForm):
    """The admin's document upload: the file is checked as the board's attachments are (a PDF
    without active content, or an image re-encoded without its metadata)."""

    class Meta:
        model = TopicDocument
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        self.instance.name = checked.name
        self.instance.content_type = checked.content_type
        self.instance.size = len(checked.data)
        return ContentFile(checked.data, name=f"document.{checked.extension}")
