"""The relationships the network map shows, declared by the apps that own them.

The map lives with the register (members), but what makes a municipality a partner belongs to the
apps above it: agreements, and the collaborations and ties on the board. Each app lists
its relationships in its AppConfig as `network_relationships`, naming a function by dotted path;
the map collects them with `declared_relationships()`, so no app imports one above it.

The ties register (交流関係, in bulletin) declares the "tie" relationship the same way.
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
