"""What the board's view modules share: access mixins, the proposal in the URL, form errors."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from .. import permissions
from ..models import Proposal, Reply
from ..permissions import can_moderate, can_use_board


class BoardAccessMixin(AccessMixin):
    """Approved members and the secretariat. Visitors log in; other accounts get a 403 page.

    Staff are sent to the second factor first (members.middleware.SecretariatMFAMiddleware).
    """

    secretariat_second_factor = True
    # Whether a partner organisation's member may open the view (the posts opened to partners,
    # replying, raising a hand, the rooms of their collaborations); every other view is 403.
    partners_welcome = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_use_board(request.user) or (
            not self.partners_welcome and permissions.is_partner(request.user)
        ):
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


class ProposalMixin(BoardAccessMixin):
    """The proposal named in the URL, if this user may see it (hidden ones are 404 to others)."""

    proposal_queryset = Proposal.objects.select_related("municipality__prefecture")

    @cached_property
    def proposal(self) -> Proposal:
        proposal = get_object_or_404(self.proposal_queryset, pk=self.kwargs["pk"])
        if not permissions.can_view_proposal(self.request.user, proposal):
            raise Http404
        return proposal

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)


def reply_for(request, pk: int) -> Reply:
    """A reply the user may see (its proposal visible to them; hidden ones to the secretariat)."""
    reply = get_object_or_404(Reply.objects.select_related("proposal__municipality"), pk=pk)
    if not permissions.can_view_reply(request.user, reply):
        raise Http404
    return reply


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
