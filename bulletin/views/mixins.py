from django.contrib.auth.mixins import AccessMixin
from django.shortcuts import render

from ..permissions import can_moderate, can_use_board


class BoardAccessMixin(AccessMixin):
    """Approved members and the secretariat. Visitors log in; other accounts get a 403 page.

    Staff are sent to the second factor first (members.middleware.SecretariatMFAMiddleware).
    """

    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_use_board(request.user):
            return render(request, "bulletin/board_forbidden.html", status=403)
        self.check_action_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_action_permission(self) -> None:
        """Raise PermissionDenied if this user may not do what the view does (default: allowed)."""


class SecretariatRequiredMixin(AccessMixin):
    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_moderate(request.user):
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)
