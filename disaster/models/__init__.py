"""Models of the disaster app, split by domain: the disaster itself (and its 対策本部)."""

from .disasters import Disaster, DisasterKind, DisasterQuerySet, DisasterState
from .record import (
    DocumentedSupport,
    FundKind,
    JointFund,
    Profession,
    PublishedStaffFigure,
    StaffDispatch,
    SupplyShipment,
    WardDonation,
)

__all__ = [
    "Disaster",
    "DisasterKind",
    "DisasterQuerySet",
    "DisasterState",
    "DocumentedSupport",
    "FundKind",
    "JointFund",
    "Profession",
    "PublishedStaffFigure",
    "StaffDispatch",
    "SupplyShipment",
    "WardDonation",
]
