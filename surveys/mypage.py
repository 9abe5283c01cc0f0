"""The surveys waiting for the member's answer, on マイページ (registered from SurveysConfig.ready())."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.japanese_dates import era_datetime
from members.mypage import ITEMS_SHOWN
from members.permissions import approved_membership

from .audience import in_audience
from .models import Survey


def surveys_section(user):
    """Open surveys for the member's audience, each saying whether it has been answered."""
    membership = approved_membership(user)
    if membership is None:
        return None
    now = timezone.now()
    open_surveys = [
        s
        for s in Survey.objects.open_at(now).select_related("body").order_by("closes_at", "pk")
        if in_audience(s, user)
    ]
    answered = set(
        Survey.objects.filter(
            pk__in=[s.pk for s in open_surveys],
            responses__respondent_key__in=[f"m{membership.municipality.code}", f"u{user.pk}"],
        ).values_list("pk", flat=True)
    )
    items = [
        {
            "url": survey.get_answer_url(),
            "label": survey.title,
            "note": (
                _("回答済み（期限まで変更できます）") if survey.pk in answered else _("未回答")
            )
            + " "
            + _("期限：%(deadline)s") % {"deadline": era_datetime(survey.closes_at)},
        }
        for survey in open_surveys[:ITEMS_SHOWN]
    ]
    return {
        "slug": "surveys",
        "heading": _("アンケート"),
        "items": items,
        "count": len(open_surveys),
        "count_more": False,
        "more_url": reverse("surveys:my-survey-list"),
        "more_label": _("アンケートの一覧"),
        "empty": _("回答を受け付け中のアンケートはありません。"),
    }
