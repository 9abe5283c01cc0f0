"""The member's notification list (with unread count in the header) and mail preference."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from ..forms.notifications import NotificationPreferenceForm
from ..models import Delivery, Notification, NotificationKind, NotificationPreference
from ..services.notifications import notifications_mark_read, preference_set
from .mixins import BoardAccessMixin


class NotificationListView(BoardAccessMixin, ListView):
    partners_welcome = True  # partners are told of replies, status changes and room messages
    template_name = "bulletin/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).for_listing()

    def get_context_data(self, **kwargs):
        """Unread items first, grouped by kind; then the read ones (of this page)."""
        context = super().get_context_data(**kwargs)
        items = list(context["object_list"])
        groups = {}
        for notification in items:
            if notification.is_unread:
                groups.setdefault(notification.kind, []).append(notification)
        context["unread_groups"] = [
            {"label": NotificationKind(kind).label, "items": group}
            for kind, group in sorted(
                groups.items(), key=lambda kv: NotificationKind.values.index(kv[0])
            )
        ]
        context["unread_count"] = Notification.objects.for_user(self.request.user).unread().count()
        context["read_items"] = [n for n in items if not n.is_unread]
        return context

    def post(self, request, *args, **kwargs):
        count = notifications_mark_read(user=request.user)
        messages.success(request, _("%(count)s件の通知を既読にしました。") % {"count": count})
        return redirect("bulletin:notification-list")


class NotificationOpenView(BoardAccessMixin, View):
    """Open a notification: mark it read and go to its proposal (or the ties page)."""

    partners_welcome = True

    def get(self, request, *args, **kwargs):
        notification = get_object_or_404(
            Notification.objects.for_user(request.user).select_related("proposal", "collaboration"),
            pk=kwargs["pk"],
        )
        notifications_mark_read(user=request.user, notification_ids=[notification.pk])
        return redirect(notification.target_url())


class NotificationSettingsView(BoardAccessMixin, FormView):
    partners_welcome = True
    form_class = NotificationPreferenceForm
    template_name = "bulletin/notificationpreference_form.html"

    def get_initial(self):
        preference = NotificationPreference.objects.filter(user=self.request.user).first()
        return {"delivery": preference.delivery if preference else Delivery.IMMEDIATE}

    def form_valid(self, form):
        preference_set(user=self.request.user, delivery=form.cleaned_data["delivery"])
        messages.success(self.request, _("通知の受け取り方を保存しました。"))
        return redirect("bulletin:notification-settings")
