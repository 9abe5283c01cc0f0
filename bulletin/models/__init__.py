"""The board's models, split by domain:

- `proposals`: posts (proposals and calls) and their edit history
- `attachments`: the files attached to a post
- `replies`: replies, raised hands and the log of status changes
- `collaborations`: the public record of a realized collaboration
- `moderation`: reports and the secretariat's actions
- `notifications`: notifications and members' preferences for them
- `interests`: interest profiles, follows (ワッチ) and saved searches
- `consultations`: members' questions to the secretariat
- `rooms`: 調整ルーム, the private room of a post's side and a hand's side
"""

from .attachments import AttachmentType, ProposalAttachment
from .collaborations import (
    Collaboration,
    CollaborationState,
    Indicator,
    IndicatorDirection,
    ProgressEntry,
)
from .consultations import Consultation, ConsultationMessage, ConsultationStatus
from .fanouts import FanOut
from .interests import Follow, InterestProfile, SavedSearch
from .moderation import ModerationAction, ModerationKind, Report
from .notifications import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from .proposals import (
    PostDirection,
    Proposal,
    ProposalField,
    ProposalKind,
    ProposalRevision,
    ProposalStatus,
)
from .replies import HandRaise, ProposalStatusChange, Reply
from .rooms import ContactCard, Room, RoomAttachment, RoomMessage, RoomRead

__all__ = [
    "AttachmentType",
    "Collaboration",
    "ContactCard",
    "CollaborationState",
    "Indicator",
    "IndicatorDirection",
    "ProgressEntry",
    "Consultation",
    "ConsultationMessage",
    "ConsultationStatus",
    "FanOut",
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
    "Room",
    "RoomAttachment",
    "RoomMessage",
    "RoomRead",
]
