"""The yearly confirmation of the register of ties (年度確認), as the desk and the wards see it:
the secretariat opens, reminds and closes a round from the desk; a ward's member confirms the
ward's list from the board. The writes are network.rounds' services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.sites import site_url
from members.models import Municipality
from members.permissions import acts_for, is_secretariat
from network import rounds
from network.coverage import WARD_PARTNERS, published, published_on, ward_partner_coverage
from network.forms import RoundOpenForm, WardConfirmForm
from network.models import ConfirmationRound, Tie, WardConfirmation

from ..models import Collaboration
from .mixins import BoardAccessMixin, SecretariatRequiredMixin

DESK_ANCHOR = "#round-heading"


def ward_url(ward: Municipality) -> str:
    return site_url(reverse("bulletin:round-ward", args=[ward.code]))


def ties_editor_url() -> str | None:
    """The board's page where a ward's members correct their ties, once it exists."""
    try:
        return reverse("bulletin:tie-list")
    except NoReverseMatch:
        return None


def desk_context() -> dict:
    """The desk's section: the open round and its wards, and the closed rounds' figures beside
    the published ones."""
    open_round = ConfirmationRound.objects.open().with_confirmed_count().first()
    closed = list(ConfirmationRound.objects.closed().order_by("-as_of")[:5])
    latest = closed[0] if closed else None
    return {
        "round_form": RoundOpenForm(),
        "open_round": open_round,
        "round_wards": (
            list(WardConfirmation.objects.filter(round=open_round).for_listing())
            if open_round
            else []
        ),
        "round_remind_cutoff": rounds.remind_cutoff(),
        "closed_rounds": [(round_, published_on(WARD_PARTNERS, round_.as_of)) for round_ in closed],
        "latest_round": latest,
        "latest_round_wards": (
            list(WardConfirmation.objects.filter(round=latest).for_listing()) if latest else []
        ),
        "latest_published": published(WARD_PARTNERS),
        # What the register and the record hold today against the published figures.
        "tie_coverage": ward_partner_coverage().statement(),
        "project_coverage": Collaboration.objects.coverage().statement(),
    }


class RoundOpenView(SecretariatRequiredMixin, FormView):
    form_class = RoundOpenForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            confirmation_round = rounds.round_open(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            return self.refused(error)
        messages.success(
            self.request,
            _("%(year)sの年度確認を始めました。") % {"year": confirmation_round.fiscal_year_label},
        )
        return redirect(reverse("bulletin:desk") + DESK_ANCHOR)

    def form_invalid(self, form):
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(self.request, " ".join(errors))
        return redirect(reverse("bulletin:desk") + DESK_ANCHOR)

    def refused(self, error: ValidationError):
        messages.error(self.request, " ".join(error.messages))
        return redirect(reverse("bulletin:desk") + DESK_ANCHOR)


class RoundActionView(SecretariatRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        confirmation_round = get_object_or_404(ConfirmationRound, pk=kwargs["pk"])
        try:
            text = self.act(confirmation_round)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, text)
        return redirect(reverse("bulletin:desk") + DESK_ANCHOR)


class RoundRemindView(RoundActionView):
    def act(self, confirmation_round) -> str:
        count = rounds.round_remind(
            actor=self.request.user, confirmation_round=confirmation_round, ward_url=ward_url
        )
        return _("未確認の%(count)s区にお知らせしました。") % {"count": count}


class RoundCloseView(RoundActionView):
    def act(self, confirmation_round) -> str:
        confirmation_round = rounds.round_close(
            actor=self.request.user, confirmation_round=confirmation_round
        )
        return _("%(year)sの年度確認を締め切り、記録から数を集計しました。") % {
            "year": confirmation_round.fiscal_year_label
        }


class WardConfirmationView(BoardAccessMixin, FormView):
    """A ward's list of ties and the open round: its members confirm it ("この一覧で確認しました");
    the secretariat sees what they see."""

    form_class = WardConfirmForm
    template_name = "bulletin/ward_confirmation.html"

    @cached_property
    def ward(self) -> Municipality:
        return get_object_or_404(Municipality.objects.special_wards(), code=self.kwargs["code"])

    def check_action_permission(self):
        if not (acts_for(self.request.user, self.ward) or is_secretariat(self.request.user)):
            raise PermissionDenied(_("この区の会員と事務局だけが見られます。"))
        if self.request.method == "POST" and not acts_for(self.request.user, self.ward):
            raise PermissionDenied(_("確認できるのはその区の承認された会員だけです。"))

    @cached_property
    def open_round(self) -> ConfirmationRound | None:
        return ConfirmationRound.objects.open().first()

    def get_context_data(self, **kwargs):
        confirmation = (
            WardConfirmation.objects.filter(round=self.open_round, ward=self.ward)
            .select_related("confirmed_by__membership")
            .first()
            if self.open_round
            else None
        )
        return super().get_context_data(
            ward=self.ward,
            ties=list(Tie.objects.active().of_ward(self.ward).for_listing()),
            open_round=self.open_round,
            confirmation=confirmation,
            can_confirm=self.open_round is not None and acts_for(self.request.user, self.ward),
            ties_editor_url=ties_editor_url(),
            **kwargs,
        )

    def form_valid(self, form):
        if self.open_round is None:
            raise Http404
        try:
            rounds.ward_confirm(
                actor=self.request.user,
                confirmation_round=self.open_round,
                ward=self.ward,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(
                self.request,
                _("%(ward)sの交流関係の一覧を確認済みにしました。ご協力ありがとうございます。")
                % {"ward": self.ward.name},
            )
        return redirect("bulletin:round-ward", self.ward.code)
