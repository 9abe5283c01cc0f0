"""A member's question to the secretariat, and the messages that follow."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
