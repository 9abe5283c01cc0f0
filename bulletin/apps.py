from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions
from network.relationships import Relationship


class BulletinConfig(AppConfig):
    name = "bulletin"
    verbose_name = _("連携提案掲示板")
    # The secretariat reads everything, corrects collaborations, and moderates through the
    # portal's own moderation views (hiding, not deleting, keeps the record).
    secretariat_permissions = [
        *model_permissions(
            "bulletin",
            "proposal",
            "reply",
            "handraise",
            "proposalstatuschange",
            "proposalrevision",
            "proposalattachment",
            "report",
            "moderationaction",
            "notification",
            "follow",
            "interestprofile",
            "savedsearch",
            "consultation",
            "consultationmessage",
            actions=("view",),
        ),
        *model_permissions("bulletin", "collaboration"),
    ]
    network_relationships = [
        Relationship(
            "collaboration",
            _("連携事業の連携先"),
            "bulletin.network.collaboration_partner_ids",
            20,
        ),
    ]

    def ready(self):
        from members.mypage import register_mypage_section
        from members.pages import register_municipality_section
        from partners.pages import register_organisation_section

        from .partners import collaborations_of

        register_organisation_section(
            name="bulletin.collaborations",
            heading=_("参加した連携事業"),
            items=collaborations_of,
            order=20,
        )

        from . import mypage
        from .pages import collaborations_section, open_posts_section
        from .permissions import can_use_board

        register_municipality_section(
            template="bulletin/includes/_municipality_collaborations.html",
            context=collaborations_section,
            order=20,
        )
        register_municipality_section(
            template="bulletin/includes/_municipality_open_posts.html",
            context=open_posts_section,
            order=25,
            shown_to=can_use_board,
        )
        for context, order in mypage.SECTIONS:
            register_mypage_section(
                name=f"bulletin.{context.__name__}", context=context, order=order
            )
