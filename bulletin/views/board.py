"""The board: list, proposal page, posting, editing, replies, raised hands, status, attachments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from core.limits import AcceptsUploads
from core.pagination import CappedPaginator, page_rows
from members.permissions import approved_membership
from network import rounds
from partners.permissions import partner_membership

from .. import matching, permissions
from ..filters import ProposalFilter
from ..forms.collaborations import StatusForm
from ..forms.interests import SavedSearchForm
from ..forms.proposals import CallForm, ProposalForm
from ..forms.replies import ReplyForm
from ..models import Proposal, ProposalAttachment, ProposalStatus
from ..pages import proposal_sections
from ..services.collaborations import proposal_change_status
from ..services.proposals import call_update, proposal_submit, proposal_update
from ..services.replies import hand_raise, hand_withdraw, reply_post
from .mixins import BoardAccessMixin, ProposalMixin, apply_errors

REPLIES_PER_PAGE = 50


class ProposalListView(BoardAccessMixin, FilterView):
    partners_welcome = True
    filterset_class = ProposalFilter
    paginate_by = 20
    paginator_class = CappedPaginator
    template_name = "bulletin/proposal_list.html"

    def get_queryset(self):
        return Proposal.objects.visible_to(self.request.user).for_listing()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if paginator.is_capped and self.filterset.is_searching:
            # A common word: collecting every match to sort it is slow, while reading the newest
            # proposals in order and keeping those that contain the word fills a page quickly.
            scan = self.filterset.scanning_in_order()
            page.object_list = page_rows(scan, page.start_index() - 1, page.end_index())
            object_list = page.object_list
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(
            can_post=permissions.can_post(user),
            can_post_call=permissions.can_post_call(user),
            **kwargs,
        )
        Proposal.objects.attach_counts(context["object_list"])
        filtering = any(value for key, value in self.request.GET.items() if key != "page")
        context["filtering"] = filtering
        context["save_search_form"] = SavedSearchForm(
            initial={"query": self.request.GET.urlencode()}
        )
        if not filtering and self.request.GET.get("page") in (None, "1"):
            # The board home: what fits this member, with its reasons; a ward's quiet ties.
            context["suggestions"] = matching.suggestions_for(user)
            membership = approved_membership(user)
            if membership is not None and membership.municipality.is_special_ward:
                context["dormant_ties"] = matching.dormant_ties(membership.municipality)
                context["ward_confirmation"] = rounds.waiting_confirmation(membership.municipality)
        return context


class ProposalDetailView(BoardAccessMixin, DetailView):
    partners_welcome = True
    template_name = "bulletin/proposal_detail.html"

    def get_object(self, queryset=None):
        proposal = get_object_or_404(Proposal.objects.for_detail(), pk=self.kwargs["pk"])
        if not permissions.can_view_proposal(self.request.user, proposal):
            raise Http404
        Proposal.objects.attach_places([proposal])
        return proposal

    def get_context_data(self, **kwargs):
        user, proposal = self.request.user, self.object
        replies = proposal.replies.select_related(
            "municipality", "organisation", "author__membership"
        )
        page = Paginator(replies, REPLIES_PER_PAGE).get_page(self.request.GET.get("page"))
        membership = approved_membership(user)
        partner = partner_membership(user) if membership is None else None
        own_hand = any(
            (membership is not None and hand.ward_id == membership.municipality_id)
            or (partner is not None and hand.organisation_id == partner.organisation_id)
            for hand in proposal.hands.all()
        )
        following = membership is not None and proposal.follows.filter(user=user).exists()
        return super().get_context_data(
            replies_page=page,
            can_follow=permissions.can_follow(user, proposal),
            is_following=following,
            reply_form=kwargs.pop("reply_form", None) or ReplyForm(),
            can_edit=permissions.can_edit_proposal(user, proposal),
            can_reply=permissions.can_reply(user, proposal),
            can_raise_hand=permissions.can_raise_hand(user, proposal),
            has_raised_hand=own_hand,
            is_partner=partner is not None,
            # 調整ルーム: the post's side opens each hand's room, a hand's side its own.
            room_side_id=membership.municipality_id if membership is not None else None,
            is_post_side=membership is not None
            and membership.municipality_id == proposal.municipality_id,
            can_change_status=permissions.can_change_status(user, proposal),
            can_report=permissions.can_report(user),
            can_moderate=permissions.can_moderate(user),
            proposal_sections=proposal_sections(proposal),
            **kwargs,
        )


class ProposalCreateView(AcceptsUploads, BoardAccessMixin, FormView):
    form_class = ProposalForm
    template_name = "bulletin/proposal_form.html"

    def check_action_permission(self):
        if not permissions.can_post(self.request.user):
            raise PermissionDenied(_("提案を投稿できるのは承認された会員だけです。"))

    def form_valid(self, form):
        try:
            proposal = proposal_submit(
                author=self.request.user,
                data=form.post_data(),
                wards=form.cleaned_data.get("wards") or [],
                attachments=form.cleaned_data.get("attachments") or [],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("提案を投稿しました。"))
        return redirect(proposal)


class ProposalUpdateView(AcceptsUploads, ProposalMixin, FormView):
    """A post's own form: a proposal's for a proposal, a call's (its target included) for a
    call."""

    def check_action_permission(self):
        if not permissions.can_edit_proposal(self.request.user, self.proposal):
            if self.proposal.is_call:
                raise PermissionDenied(_("この募集を編集できるのは募集した区の会員だけです。"))
            raise PermissionDenied(_("この提案を編集できるのは提案自治体の会員だけです。"))

    def get_form_class(self):
        return CallForm if self.proposal.is_call else ProposalForm

    def get_template_names(self):
        if self.proposal.is_call:
            return ["bulletin/call_form.html"]
        return ["bulletin/proposal_form.html"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.proposal
        if self.proposal.is_call:
            kwargs["initial"] = {"target_prefectures": list(self.proposal.target_prefectures.all())}
        else:
            kwargs["initial"] = {"wards": list(self.proposal.wards.all())}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_replies=self.proposal.replies.exists(), **kwargs)

    def form_valid(self, form):
        try:
            if self.proposal.is_call:
                call_update(
                    call=self.proposal,
                    editor=self.request.user,
                    data=form.post_data(),
                    target_prefectures=form.cleaned_data.get("target_prefectures") or [],
                )
            else:
                proposal_update(
                    proposal=self.proposal,
                    editor=self.request.user,
                    data=form.post_data(),
                    wards=form.cleaned_data.get("wards") or [],
                    new_attachments=form.cleaned_data.get("attachments") or [],
                    remove_attachments=form.cleaned_data.get("remove_attachments") or [],
                )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if self.proposal.is_call:
            messages.success(self.request, _("募集を更新しました。"))
        else:
            messages.success(self.request, _("提案を更新しました。"))
        return redirect(self.proposal)


class ReplyCreateView(ProposalMixin, FormView):
    """The reply form is on the proposal page; this page shows it again when input needs fixing."""

    partners_welcome = True
    form_class = ReplyForm
    template_name = "bulletin/reply_form.html"

    def check_action_permission(self):
        if not permissions.can_reply(self.request.user, self.proposal):
            if self.proposal.is_call:
                raise PermissionDenied(_("この募集には返信できません。"))
            raise PermissionDenied(_("この提案には返信できません。"))

    def form_valid(self, form):
        try:
            reply = reply_post(
                proposal=self.proposal, author=self.request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("返信を投稿しました。"))
        last_page = Paginator(self.proposal.replies.all(), REPLIES_PER_PAGE).num_pages
        suffix = f"?page={last_page}" if last_page > 1 else ""
        return HttpResponseRedirect(f"{self.proposal.get_absolute_url()}{suffix}#reply-{reply.pk}")


class HandRaiseView(ProposalMixin, View):
    partners_welcome = True
    http_method_names = ["post"]

    def check_action_permission(self):
        if not permissions.can_raise_hand(self.request.user, self.proposal):
            if self.proposal.is_call:
                raise PermissionDenied(_("区の募集に手を挙げられるのは自治体の会員だけです。"))
            raise PermissionDenied(_("手を挙げられるのは特別区の会員だけです。"))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "withdraw":
            hand_withdraw(proposal=self.proposal, user=request.user)
            messages.success(request, _("手を下ろしました。"))
        else:
            hand_raise(proposal=self.proposal, user=request.user)
            if self.proposal.is_call:
                messages.success(request, _("手を挙げました。募集した区に通知しました。"))
            else:
                messages.success(request, _("手を挙げました。提案自治体に通知しました。"))
        return redirect(self.proposal)


class StatusChangeView(ProposalMixin, FormView):
    form_class = StatusForm
    template_name = "bulletin/proposal_status_form.html"
    proposal_queryset = Proposal.objects.select_related(
        "municipality__prefecture"
    ).prefetch_related("hands")

    def check_action_permission(self):
        if not permissions.can_change_status(self.request.user, self.proposal):
            if self.proposal.is_call:
                raise PermissionDenied(_("状態を変更できるのは募集した区の会員と事務局だけです。"))
            raise PermissionDenied(_("状態を変更できるのは提案自治体の会員と事務局だけです。"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.proposal}

    def form_valid(self, form):
        try:
            proposal_change_status(
                proposal=self.proposal,
                user=self.request.user,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                collaboration=form.collaboration_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        status = ProposalStatus(form.cleaned_data["status"])
        if status == ProposalStatus.REALIZED:
            messages.success(self.request, _("成立にしました。連携事業一覧に掲載されました。"))
        else:
            messages.success(
                self.request, _("状態を「%(status)s」にしました。") % {"status": status.label}
            )
        return redirect(self.proposal)


class AttachmentDownloadView(BoardAccessMixin, View):
    partners_welcome = True

    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            ProposalAttachment.objects.select_related("proposal__municipality"), pk=kwargs["pk"]
        )
        if not permissions.can_view_proposal(request.user, attachment.proposal):
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not attachment.is_image,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        # Members' files: not cached by shared caches, never run as a page of this site.
        response["Cache-Control"] = "private, max-age=0"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
