"""How a member receives notifications, and which kinds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Delivery
from ..models.notifications import MUTABLE_KINDS


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
        choices=MUTABLE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("チェックを外した種類の通知は、サイト内にもメールにも届きません。"),
    )
