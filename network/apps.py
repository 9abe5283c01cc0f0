from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions

from .relationships import Relationship


class NetworkConfig(AppConfig):
    """Who works with whom: the register of ties (交流関係) and the map of Japan that shows every
    relationship. Above members, agreements and events; below the board, which reads the ties
    for its matching and writes one when a proposal succeeds."""

    name = "network"
    verbose_name = _("交流・連携の関係")
    # Part of the public record: the secretariat edits the ties in the admin.
    # The yearly confirmations are read there (they are opened, confirmed and closed from the
    # desk and the board, through network/rounds.py).
    secretariat_permissions = [
        *model_permissions("network", "tie", "tieproposal"),
        *model_permissions(
            "network", "tiechange", "confirmationround", "wardconfirmation", actions=("view",)
        ),
    ]
    # On the map: those of the apps below (which cannot import this one) and the ties. Apps above
    # declare theirs in their own AppConfig (bulletin: collaborations, 20).
    network_relationships = [
        Relationship("ward", _("特別区"), "network.relationships.special_ward_ids", 0),
        Relationship(
            "agreement",
            _("広域連携協定の構成自治体"),
            "network.relationships.agreement_member_ids",
            10,
        ),
        Relationship("tie", _("特別区との交流"), "network.relationships.tied_ids", 25),
        Relationship(
            "member", _("ポータル会員登録自治体"), "network.relationships.portal_member_ids", 30
        ),
    ]

    def ready(self):
        from agreements.pages import register_body_section
        from members.mypage import register_mypage_section
        from members.pages import register_municipality_section

        from .mypage import ward_ties_section
        from .pages import body_map_section, body_ties_section, ties_section

        register_mypage_section(name="network.ward_ties", context=ward_ties_section, order=90)

        register_municipality_section(
            template="network/includes/_municipality_ties.html", context=ties_section, order=15
        )
        register_body_section(
            template="network/includes/_network_map.html", context=body_map_section
        )
        register_body_section(
            template="network/includes/_body_ties.html", context=body_ties_section, order=30
        )
