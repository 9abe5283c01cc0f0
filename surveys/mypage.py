"""The surveys waiting for the member's answer, on マイページ (registered from SurveysConfig.ready())."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.japanese_dates import era_datetime
from members.mypage import ITEMS_SHOWN

from .audience import in_audience, respondent_of
from .models import Response, Survey


def surveys_section(user):
    """Open surveys for the member's audience, each saying whether it has been answered (one
    query)."""
    municipality, organisation = respondent_of(user)
    if municipality is None and organisation is None:
        return None
    now = timezone.now()
    own = f"m{municipality.code}" if municipality else f"o{organisation.pk}"
    keys = [own, f"u{user.pk}"]
    answered = Response.objects.filter(survey=OuterRef("pk"), respondent_key__in=keys)
    open_surveys = [
        survey
        for survey in Survey.objects.open_at(now)
        .select_related("body")
        .annotate(answered=Exists(answered))
        .order_by("closes_at", "pk")
        if in_audience(survey, user)
    ]
    items = [
        {
            "url": survey.get_answer_url(),
            "label": survey.title,
            "note": (_("回答済み（期限まで変更できます）") if survey.answered else _("未回答"))
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
