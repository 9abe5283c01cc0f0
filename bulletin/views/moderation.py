"""Reports from members and the secretariat's hide/restore, each with a reason on record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from .. import permissions
from ..forms.moderation import ModerationForm, ReportForm
from ..models import ModerationAction, Report
from ..services.moderation import post_moderate, post_report
from .mixins import ProposalMixin, SecretariatRequiredMixin, apply_errors, reply_for


class PostTargetMixin:
    """The post in the URL: a proposal (/board/<pk>/…) or a reply (/board/replies/<pk>/…)."""

    @cached_property
    def reply(self):
        return (
            reply_for(self.request, self.kwargs["reply_pk"]) if "reply_pk" in self.kwargs else None
        )

    @property
    def target(self):
        return self.reply or self.proposal

    def target_kwargs(self) -> dict:
        return {"reply": self.reply} if self.reply else {"proposal": self.proposal}

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, reply=self.reply, **kwargs)

    def redirect_to_target(self):
        if self.reply:
            return redirect(self.reply.get_absolute_url())
        return redirect(self.proposal)


class PostMixin(PostTargetMixin, ProposalMixin):
    @cached_property
    def proposal(self):
        if "reply_pk" in self.kwargs:
            return self.reply.proposal
        return super().proposal


class ReportCreateView(PostMixin, FormView):
    form_class = ReportForm
    template_name = "bulletin/report_form.html"

    def check_action_permission(self):
        if not permissions.can_report(self.request.user):
            raise PermissionDenied(_("通報できるのは承認された会員だけです。"))

    def form_valid(self, form):
        try:
            post_report(
                reporter=self.request.user,
                reason=form.cleaned_data["reason"],
                **self.target_kwargs(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("事務局に通報しました。ご協力ありがとうございます。"))
        return self.redirect_to_target()


class ModerateView(PostMixin, FormView):
    form_class = ModerationForm
    template_name = "bulletin/moderation_form.html"

    def check_action_permission(self):
        if not permissions.can_moderate(self.request.user):
            raise PermissionDenied(_("投稿の非表示・再表示は事務局だけができます。"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.target}

    def get_context_data(self, **kwargs):
        history = ModerationAction.objects.filter(**self.target_kwargs()).select_related("actor")
        reports = Report.objects.filter(**self.target_kwargs()).select_related(
            "reporter__membership__municipality"
        )
        return super().get_context_data(history=history, reports=reports, **kwargs)

    def form_valid(self, form):
        try:
            action = post_moderate(
                actor=self.request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                **self.target_kwargs(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("「%(action)s」を記録しました。") % {"action": action.get_action_display()},
        )
        return self.redirect_to_target()


class ReportListView(SecretariatRequiredMixin, ListView):
    """The secretariat's queue: unhandled reports first."""

    template_name = "bulletin/report_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Report.objects.for_listing()
