"""Models of the disaster app, split by domain: the disaster itself (and its 対策本部), the
requests and the wards' commitments, the support reported, and the record of past support as
the documents published it."""

from .disasters import Disaster, DisasterKind, DisasterQuerySet, DisasterState
from .record import DocumentedSupport, FundKind, PublishedFund, PublishedStaffFigure
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
    "DocumentedSupport",
    "FundKind",
    "Pairing",
    "Profession",
    "PublishedFund",
    "PublishedStaffFigure",
    "ReliefFund",
    "ReportKind",
    "RequestKind",
    "RequestState",
    "SupportReport",
    "SupportRequest",
]
