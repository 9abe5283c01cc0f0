"""The wards' own register of ties on the board (/board/ties/): a ward's members add, edit and
end their ward's ties and answer the proposals of municipalities; a municipality's member
proposes a tie with a ward; the secretariat reverts a change from its desk."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from members.permissions import approved_membership
from network import services as register
from network.forms import TieForm, TieProposalForm, TieRetireForm
from network.models import Tie, TieChange, TieProposal

from ..services import ties as board_ties
from .mixins import BoardAccessMixin, SecretariatRequiredMixin, apply_errors

HISTORY_LENGTH = 30


class TieAccessMixin(BoardAccessMixin):
    """Approved members (a ward's, or a municipality's); the secretariat works from its desk."""

    def check_action_permission(self):
        if approved_membership(self.request.user) is None:
            raise PermissionDenied(_("交流関係のページは承認された会員だけが使えます。"))

    @cached_property
    def municipality(self):
        return approved_membership(self.request.user).municipality


class WardMemberMixin(TieAccessMixin):
    def check_action_permission(self):
        super().check_action_permission()
        if not self.municipality.is_special_ward:
            raise PermissionDenied(_("交流関係を編集できるのは特別区の会員だけです。"))


class TieListView(TieAccessMixin, TemplateView):
    template_name = "bulletin/tie_list.html"

    def get_context_data(self, **kwargs):
        municipality = self.municipality
        context = {"municipality": municipality, "is_ward": municipality.is_special_ward}
        if municipality.is_special_ward:
            ties = list(Tie.objects.of_ward(municipality).for_listing())
            context.update(
                ties=[tie for tie in ties if tie.is_active],
                retired=[tie for tie in ties if not tie.is_active],
                proposals=list(TieProposal.objects.to_ward(municipality).pending().for_listing()),
                history=list(
                    TieChange.objects.of_ward(municipality).for_listing()[:HISTORY_LENGTH]
                ),
            )
        else:
            context.update(
                ties=list(Tie.objects.active().involving(municipality).for_listing()),
                my_proposals=list(
                    TieProposal.objects.from_municipality(municipality).for_listing()[:50]
                ),
            )
        return super().get_context_data(**context, **kwargs)


class TieCreateView(WardMemberMixin, FormView):
    template_name = "bulletin/tie_form.html"
    form_class = TieForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ward": self.municipality}

    def form_valid(self, form):
        try:
            tie = register.tie_create(
                user=self.request.user, ward=self.municipality, data=form.service_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("交流関係「%(tie)s」を登録しました。") % {"tie": tie.partner_label}
        )
        return redirect("bulletin:tie-list")


class WardTieMixin(WardMemberMixin):
    """A tie in force of the member's own ward: another ward's tie is not found (404)."""

    @cached_property
    def tie(self) -> Tie:
        return get_object_or_404(
            Tie.objects.active().of_ward(self.municipality).select_related("ward"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(tie=self.tie, **kwargs)


class TieUpdateView(WardTieMixin, FormView):
    template_name = "bulletin/tie_form.html"
    form_class = TieForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ward": self.municipality, "instance": self.tie}

    def form_valid(self, form):
        try:
            change = register.tie_update(
                user=self.request.user, tie=self.tie, data=form.service_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if change is None:
            messages.info(self.request, _("変更はありませんでした。"))
        else:
            messages.success(self.request, _("交流関係を変更しました。"))
        return redirect("bulletin:tie-list")


class TieRetireView(WardTieMixin, FormView):
    template_name = "bulletin/tie_retire.html"
    form_class = TieRetireForm

    def get_initial(self):
        return {"retired_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            register.tie_retire(
                user=self.request.user, tie=self.tie, on=form.cleaned_data["retired_on"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("交流関係「%(tie)s」を終了しました。履歴は残ります。")
            % {"tie": self.tie.partner_label},
        )
        return redirect("bulletin:tie-list")


class TieProposeView(TieAccessMixin, FormView):
    """A municipality's (not a ward's) member proposes a tie with a ward."""

    template_name = "bulletin/tieproposal_form.html"
    form_class = TieProposalForm

    def check_action_permission(self):
        super().check_action_permission()
        if self.municipality.is_special_ward:
            raise PermissionDenied(_("区の会員は交流関係を直接登録できます。"))

    def form_valid(self, form):
        try:
            proposal = board_ties.tie_propose(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(ward)sに交流関係を申し出ました。区が確認すると登録されます。")
            % {"ward": proposal.ward.name},
        )
        return redirect("bulletin:tie-list")


class TieProposalDecideView(WardMemberMixin, View):
    """The ward confirms (the tie is registered) or declines a pending proposal."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(
            TieProposal.objects.to_ward(self.municipality).pending(), pk=kwargs["pk"]
        )
        decision = request.POST.get("decision")
        try:
            if decision == "confirm":
                board_ties.tie_proposal_confirm(user=request.user, proposal=proposal)
                messages.success(request, _("申し出を確認し、交流関係を登録しました。"))
            elif decision == "decline":
                board_ties.tie_proposal_decline(user=request.user, proposal=proposal)
                messages.success(request, _("申し出を見送りました。"))
            else:
                messages.error(request, _("確認するか見送るかを選んでください。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("bulletin:tie-list")


class TieChangeRevertView(SecretariatRequiredMixin, View):
    """The secretariat reverts one change of the last 30 days (from the desk)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        change = get_object_or_404(TieChange.objects.recent(), pk=kwargs["pk"])
        try:
            register.tie_change_revert(user=request.user, change=change)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("「%(tie)s」の変更を取り消しました。") % {"tie": change.tie}
            )
        return redirect(reverse("bulletin:desk") + "#tie-changes-heading")
