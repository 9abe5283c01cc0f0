"""The relationships the network map shows (network/maps.py), each a set of municipalities.

The map belongs to `network`, which sits above the register (members) and agreements: it
declares their relationships itself (the 23 wards, the portal's members, the agreement bodies'
members) and its own ties. Apps above it, such as the board with its collaborations, list theirs
in their AppConfig as `network_relationships`, naming a function by dotted path; the map collects
every declaration with `declared_relationships()`, so no app imports one above it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Relationship:
    key: str  # also the mark's CSS modifier: network-map__mark--<key>
    label: str  # shown in the legend, the table and each mark's accessible name
    member_ids: str  # dotted path of a function returning the municipalities' primary keys
    priority: int  # the lowest number decides a mark's shape when it has several relationships

    def ids(self) -> set[int]:
        return set(import_string(self.member_ids)())


def declared_relationships() -> list[Relationship]:
    found = [
        relationship
        for config in apps.get_app_configs()
        for relationship in getattr(config, "network_relationships", ())
    ]
    return sorted(found, key=lambda relationship: relationship.priority)


# The relationships network declares itself (apps.py): of the apps below it, and its own. The
# models are imported when the map asks, since apps.py imports this module before they load.


def special_ward_ids():
    from members.models import Municipality

    return Municipality.objects.special_wards().values_list("pk", flat=True)


def agreement_member_ids():
    from agreements.models import AgreementBody

    return AgreementBody.objects.member_municipalities().values_list("pk", flat=True)


def tied_ids():
    """Municipalities with a tie in force to a ward in the ties register (交流関係)."""
    from members.models import Municipality

    from .models import Tie

    return Municipality.objects.filter(pk__in=Tie.objects.active().partner_ids()).values_list(
        "pk", flat=True
    )


def portal_member_ids():
    from members.models import Municipality

    return Municipality.objects.members().values_list("pk", flat=True)
