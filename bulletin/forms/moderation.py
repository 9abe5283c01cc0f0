"""Reporting a post (通報), and the secretariat's answer to a report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ModerationKind


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
