"""Models of the disaster app, split by domain: the disaster itself (and its 対策本部)."""

from .disasters import Disaster, DisasterKind, DisasterQuerySet, DisasterState

__all__ = [
    "Disaster",
    "DisasterKind",
    "DisasterQuerySet",
    "DisasterState",
]
