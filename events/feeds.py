from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Event


class NewEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("特別区全国連携プロジェクト 新着イベント")
    subtitle = _("講演会・魅力発信イベント・全国連携展示などの新着情報")
    # RFC 4287: a feed names its author (or every entry does).
    author_name = _("特別区長会事務局")
    link = reverse_lazy("events:event-list")

    def items(self):
        return Event.objects.order_by("-created_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "\n".join(part for part in [item.theme, item.venue, item.summary] if part)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
