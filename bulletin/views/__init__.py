from .board import (
    AttachmentDownloadView,
    HandRaiseView,
    ProposalCreateView,
    ProposalDetailView,
    ProposalListView,
    ProposalUpdateView,
    ReplyCreateView,
    StatusChangeView,
)
from .collaborations import (
    CollaborationDetailView,
    CollaborationDownloadView,
    CollaborationListView,
)
from .moderation import ModerateView, ReportCreateView, ReportListView
from .notifications import NotificationListView, NotificationOpenView, NotificationSettingsView

__all__ = [
    "AttachmentDownloadView",
    "CollaborationDetailView",
    "CollaborationDownloadView",
    "CollaborationListView",
    "HandRaiseView",
    "ModerateView",
    "NotificationListView",
    "NotificationOpenView",
    "NotificationSettingsView",
    "ProposalCreateView",
    "ProposalDetailView",
    "ProposalListView",
    "ProposalUpdateView",
    "ReplyCreateView",
    "ReportCreateView",
    "ReportListView",
    "StatusChangeView",
]
