from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .relationships import Relationship


class NetworkConfig(AppConfig):
    """Who works with whom: the map of Japan that shows every relationship. Above members,
    agreements and events; below the board."""

    name = "network"
    verbose_name = _("交流・連携の関係")
    # On the map: those of the apps below, which cannot import this one. Apps above declare
    # theirs in their own AppConfig (bulletin: collaborations, 20; ties, 25).
    network_relationships = [
        Relationship("ward", _("特別区"), "network.relationships.special_ward_ids", 0),
        Relationship(
            "agreement",
            _("広域連携協定の構成自治体"),
            "network.relationships.agreement_member_ids",
            10,
        ),
        Relationship(
            "member", _("ポータル会員登録自治体"), "network.relationships.portal_member_ids", 30
        ),
    ]

    def ready(self):
        from agreements.pages import register_body_section

        from .pages import body_map_section

        register_body_section(
            template="network/includes/_network_map.html", context=body_map_section
        )
