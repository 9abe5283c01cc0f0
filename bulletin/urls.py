from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "bulletin"

urlpatterns = [
    # The board: approved members and the secretariat only.
    path("board/", views.ProposalListView.as_view(), name="proposal-list"),
    path("board/new/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("board/calls/new/", views.CallCreateView.as_view(), name="call-create"),
    path("board/calls/reach/", views.CallReachView.as_view(), name="call-reach"),
    path("board/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("board/<int:pk>/follow/", views.FollowView.as_view(), name="proposal-follow"),
    path("board/following/", views.FollowedListView.as_view(), name="followed-list"),
    path("board/hands/", views.HandListView.as_view(), name="hand-list"),
    path("board/interests/", views.InterestProfileView.as_view(), name="interest-profile"),
    path("board/searches/", views.SavedSearchListView.as_view(), name="saved-search-list"),
    path(
        "board/searches/<int:pk>/alerts/",
        views.SavedSearchAlertsView.as_view(),
        name="saved-search-alerts",
    ),
    path(
        "board/searches/<int:pk>/delete/",
        views.SavedSearchDeleteView.as_view(),
        name="saved-search-delete",
    ),
    path("board/desk/", views.DeskView.as_view(), name="desk"),
    path("board/desk/<slug:what>.csv", views.DeskDownloadView.as_view(), name="desk-csv"),
    path("board/desk/remind/<int:pk>/", views.RemindView.as_view(), name="desk-remind"),
    path(
        "board/desk/collaborations/<int:pk>/remind/",
        views.CollaborationRemindView.as_view(),
        name="desk-collaboration-remind",
    ),
    path(
        "board/desk/ties/<int:pk>/revert/", views.TieChangeRevertView.as_view(), name="tie-revert"
    ),
    path("board/ties/", views.TieListView.as_view(), name="tie-list"),
    path("board/ties/new/", views.TieCreateView.as_view(), name="tie-create"),
    path("board/ties/propose/", views.TieProposeView.as_view(), name="tie-propose"),
    path("board/ties/<int:pk>/edit/", views.TieUpdateView.as_view(), name="tie-update"),
    path("board/ties/<int:pk>/retire/", views.TieRetireView.as_view(), name="tie-retire"),
    path(
        "board/ties/proposals/<int:pk>/",
        views.TieProposalDecideView.as_view(),
        name="tie-proposal-decide",
    ),
    path("board/rooms/", views.RoomListView.as_view(), name="room-list"),
    path("board/rooms/<int:pk>/", views.RoomDetailView.as_view(), name="room-detail"),
    path("board/rooms/<int:pk>/contact/", views.RoomContactView.as_view(), name="room-contact"),
    path(
        "board/rooms/<int:pk>/secretariat/",
        views.RoomAskSecretariatView.as_view(),
        name="room-ask-secretariat",
    ),
    path("board/rooms/<int:pk>/join/", views.RoomJoinView.as_view(), name="room-join"),
    path(
        "board/rooms/attachments/<int:pk>/",
        views.RoomAttachmentDownloadView.as_view(),
        name="room-attachment",
    ),
    path(
        "board/<int:pk>/rooms/<int:municipality_pk>/",
        views.RoomOpenView.as_view(),
        name="room-open",
    ),
    path("board/desk/rounds/open/", views.RoundOpenView.as_view(), name="round-open"),
    path(
        "board/desk/rounds/<int:pk>/remind/", views.RoundRemindView.as_view(), name="round-remind"
    ),
    path("board/desk/rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round-close"),
    path(
        "board/confirmation/<str:code>/",
        views.WardConfirmationView.as_view(),
        name="round-ward",
    ),
    path("board/consultations/", views.ConsultationListView.as_view(), name="consultation-list"),
    path(
        "board/consultations/new/",
        views.ConsultationCreateView.as_view(),
        name="consultation-create",
    ),
    path(
        "board/consultations/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="consultation-detail",
    ),
    path("board/<int:pk>/edit/", views.ProposalUpdateView.as_view(), name="proposal-update"),
    path("board/<int:pk>/reply/", views.ReplyCreateView.as_view(), name="reply-create"),
    path("board/<int:pk>/hand/", views.HandRaiseView.as_view(), name="hand-raise"),
    path("board/<int:pk>/status/", views.StatusChangeView.as_view(), name="proposal-status"),
    path("board/<int:pk>/report/", views.ReportCreateView.as_view(), name="proposal-report"),
    path("board/<int:pk>/moderate/", views.ModerateView.as_view(), name="proposal-moderate"),
    path(
        "board/replies/<int:reply_pk>/report/",
        views.ReportCreateView.as_view(),
        name="reply-report",
    ),
    path(
        "board/replies/<int:reply_pk>/moderate/",
        views.ModerateView.as_view(),
        name="reply-moderate",
    ),
    path("board/reports/", views.ReportListView.as_view(), name="report-list"),
    path(
        "board/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path("board/notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path(
        "board/notifications/<int:pk>/",
        views.NotificationOpenView.as_view(),
        name="notification-open",
    ),
    path(
        "board/notifications/alerts/",
        views.AlertSettingsView.as_view(),
        name="alert-settings",
    ),
    path(
        "board/notifications/settings/",
        views.NotificationSettingsView.as_view(),
        name="notification-settings",
    ),
    # A collaboration's results: its parties (and the secretariat on recorded ones).
    path(
        "board/collaborations/<int:pk>/state/",
        views.CollaborationStateView.as_view(),
        name="collaboration-state",
    ),
    path(
        "board/collaborations/<int:pk>/progress/new/",
        views.ProgressEntryCreateView.as_view(),
        name="progress-create",
    ),
    path(
        "board/collaborations/<int:pk>/indicators/new/",
        views.IndicatorFormView.as_view(),
        name="indicator-create",
    ),
    path(
        "board/collaborations/<int:pk>/indicators/<int:indicator>/",
        views.IndicatorFormView.as_view(),
        name="indicator-update",
    ),
    # Public: the collaboration projects.
    path(
        "collaborations/",
        public_page(views.CollaborationListView.as_view()),
        name="collaboration-list",
    ),
    path(
        "collaborations/download.csv",
        public_page(views.CollaborationDownloadView.as_view()),
        {"format": "csv"},
        name="collaboration-csv",
    ),
    path(
        "collaborations/download.xlsx",
        public_page(views.CollaborationDownloadView.as_view()),
        {"format": "xlsx"},
        name="collaboration-xlsx",
    ),
    path(
        "collaborations/indicators.csv",
        public_page(views.IndicatorDownloadView.as_view()),
        name="indicator-csv",
    ),
    path(
        "collaborations/results/",
        public_page(views.CollaborationResultsView.as_view()),
        name="collaboration-results",
    ),
    path(
        "collaborations/<slug:slug>/",
        public_page(views.CollaborationDetailView.as_view()),
        name="collaboration-detail",
    ),
]
