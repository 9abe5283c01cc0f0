"""Models of the disaster app, split by domain: the disaster itself (and its 対策本部), the
requests and the wards' commitments, and the support reported."""

from .disasters import Disaster, DisasterKind, DisasterQuerySet, DisasterState
from .requests import (
    COUNTING_STATUSES,
    OPEN_STATES,
    Commitment,
    CommitmentStatus,
    Profession,
    RequestKind,
    RequestState,
    SupportRequest,
)
from .support import Pairing, ReliefFund, ReportKind, SupportReport

__all__ = [
    "COUNTING_STATUSES",
    "OPEN_STATES",
    "Commitment",
    "CommitmentStatus",
    "Disaster",
    "DisasterKind",
    "DisasterQuerySet",
    "DisasterState",
    "Pairing",
    "Profession",
    "ReliefFund",
    "ReportKind",
    "RequestKind",
    "RequestState",
    "SupportReport",
    "SupportRequest",
]
