from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class RoundtableConfig(AppConfig):
    name = "roundtable"
    verbose_name = _("全国連携円卓会議")
    # The secretariat opens topics, documents, meetings and summaries in the admin; threads and
    # posts are moderated (hidden, never deleted) through the portal's own views.
    secretariat_permissions = [
        *model_permissions("roundtable", "topic", "topicdocument", "meeting", "summary"),
        *model_permissions("roundtable", "thread", "post", actions=("view",)),
    ]

    def ready(self):
        from bulletin.pages import register_proposal_section

        from .pages import proposal_topics_section

        register_proposal_section(
            template="roundtable/includes/_proposal_topics.html",
            context=proposal_topics_section,
        )
