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
