"""The board's models, split by domain: proposals, moderation, notifications, collaborations."""

from .collaborations import Collaboration
from .consultations import Consultation, ConsultationMessage, ConsultationStatus
from .matching import Follow, InterestProfile, SavedSearch
from .moderation import ModerationAction, ModerationKind, Report
from .notifications import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from .proposals import (
    AttachmentType,
    HandRaise,
    PostDirection,
    Proposal,
    ProposalAttachment,
    ProposalField,
    ProposalKind,
    ProposalRevision,
    ProposalStatus,
    ProposalStatusChange,
    Reply,
)
from .ties import Tie, TieKind

__all__ = [
    "AttachmentType",
    "Collaboration",
    "Consultation",
    "ConsultationMessage",
    "ConsultationStatus",
    "Follow",
    "InterestProfile",
    "PostDirection",
    "SavedSearch",
    "Tie",
    "TieKind",
    "Delivery",
    "HandRaise",
    "ModerationAction",
    "ModerationKind",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Proposal",
    "ProposalAttachment",
    "ProposalField",
    "ProposalKind",
    "ProposalRevision",
    "ProposalStatus",
    "ProposalStatusChange",
    "Reply",
    "Report",
]
