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
from .desk import (
    ConsultationCreateView,
    ConsultationDetailView,
    ConsultationListView,
    DeskDownloadView,
    DeskView,
    RemindView,
)
from .matching import (
    AlertSettingsView,
    CallCreateView,
    CallReachView,
    FollowView,
    InterestProfileView,
    SavedSearchDeleteView,
    SavedSearchListView,
)
from .moderation import ModerateView, ReportCreateView, ReportListView
from .notifications import NotificationListView, NotificationOpenView, NotificationSettingsView
from .rounds import RoundCloseView, RoundOpenView, RoundRemindView, WardConfirmationView

__all__ = [
    "RoundCloseView",
    "RoundOpenView",
    "RoundRemindView",
    "WardConfirmationView",
    "AlertSettingsView",
    "CallCreateView",
    "CallReachView",
    "ConsultationCreateView",
    "ConsultationDetailView",
    "ConsultationListView",
    "DeskDownloadView",
    "DeskView",
    "FollowView",
    "InterestProfileView",
    "RemindView",
    "SavedSearchDeleteView",
    "SavedSearchListView",
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
