"""The secretariat's desk (事務局の窓口) and the consultation desk (相談)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.dates import fiscal_year_of
from core.sites import site_url
from core.spreadsheets import csv_bytes
from members.permissions import approved_membership

from .. import desk, permissions
from ..forms.consultations import ConsultationForm, ConsultationReplyForm
from ..models import Collaboration, Consultation, PostDirection, Proposal
from ..services.consultations import consultation_open, consultation_post
from ..services.notifications import (
    REMIND_EVERY,
    remind_collaboration_parties,
    remind_matching_wards,
)
from .mixins import BoardAccessMixin, SecretariatRequiredMixin, apply_errors
from .rounds import desk_context as rounds_desk_context


def _fiscal_year(request) -> int:
    try:
        return int(request.GET.get("fy", ""))
    except ValueError:
        return fiscal_year_of(timezone.localdate())


class DeskView(SecretariatRequiredMixin, TemplateView):
    template_name = "bulletin/desk.html"

    def get_context_data(self, **kwargs):
        fiscal_year = _fiscal_year(self.request)
        current = fiscal_year_of(timezone.localdate())
        return super().get_context_data(
            applications=list(desk.waiting_applications()[: desk.QUEUE_LENGTH]),
            application_count=desk.waiting_applications().count(),
            reports=list(desk.waiting_reports()[: desk.QUEUE_LENGTH]),
            report_count=desk.waiting_reports().count(),
            consultations=list(desk.waiting_consultations()[: desk.QUEUE_LENGTH]),
            stale=list(desk.stale_proposals()[: desk.QUEUE_LENGTH]),
            calls=list(desk.unanswered_calls()[: desk.QUEUE_LENGTH]),
            quiet_collaborations=list(desk.quiet_collaborations()[: desk.QUEUE_LENGTH]),
            overdue_indicators=list(desk.overdue_indicators()[: desk.QUEUE_LENGTH]),
            remind_cutoff=timezone.now() - REMIND_EVERY,
            fiscal_year=fiscal_year,
            fiscal_years=list(range(current, 2014, -1)),
            proposal_figures=desk.cached_figures(fiscal_year, PostDirection.PROPOSAL),
            call_figures=desk.cached_figures(fiscal_year, PostDirection.CALL),
            **rounds_desk_context(),
            tie_changes=list(desk.recent_tie_changes()[: desk.TIE_CHANGES_SHOWN]),
            tie_change_count=desk.recent_tie_changes().count(),
            **kwargs,
        )


class DeskDownloadView(SecretariatRequiredMixin, View):
    """Each of the desk's lists and figures as CSV."""

    def get(self, request, *args, **kwargs):
        what = kwargs["what"]
        rows: list[list] = []
        if what == "figures":
            fiscal_year = _fiscal_year(request)
            rows.append(
                [_("投稿の種類"), _("区分"), _("名前"), _("投稿"), _("回答あり"), _("成立")]
            )
            for direction in PostDirection:
                figures = desk.fiscal_year_figures(fiscal_year, direction=direction)
                for row in figures.rows():
                    rows.append([direction.label, *row])
            name = f"board-figures-fy{fiscal_year}.csv"
        elif what in ("stale", "calls"):
            posts = desk.stale_proposals() if what == "stale" else desk.unanswered_calls()
            rows.append([_("番号"), _("件名"), _("自治体"), _("投稿日"), _("URL")])
            for post in posts:
                rows.append(
                    [
                        post.pk,
                        post.title,
                        post.municipality.name,
                        f"{post.created_at:%Y-%m-%d}",
                        site_url(post.get_absolute_url()),
                    ]
                )
            name = f"board-{what}.csv"
        elif what == "applications":
            rows.append([_("自治体"), _("部署"), _("氏名"), _("申請日")])
            for membership in desk.waiting_applications():
                rows.append(
                    [
                        membership.municipality.name,
                        membership.department,
                        membership.full_name,
                        f"{membership.applied_at:%Y-%m-%d}",
                    ]
                )
            name = "applications.csv"
        elif what == "reports":
            rows.append([_("対象"), _("理由"), _("日時")])
            for report in desk.waiting_reports():
                target = report.proposal or report.reply.proposal
                rows.append([target.title, report.reason, f"{report.created_at:%Y-%m-%d %H:%M}"])
            name = "reports.csv"
        else:
            raise Http404
        header, *body = rows
        response = HttpResponse(csv_bytes(header, body), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RemindView(SecretariatRequiredMixin, View):
    """One click: remind the members a waiting post fits."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(Proposal, pk=kwargs["pk"])
        try:
            remind_matching_wards(actor=request.user, proposal=proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("bulletin:desk")
        messages.success(
            request,
            _("「%(title)s」について、対象の会員にまもなくお知らせが届きます。")
            % {"title": proposal.title},
        )
        return redirect("bulletin:desk")


class CollaborationRemindView(SecretariatRequiredMixin, View):
    """One click: ask a collaboration's parties to record its progress and actuals."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        collaboration = get_object_or_404(Collaboration, pk=kwargs["pk"])
        try:
            told = remind_collaboration_parties(actor=request.user, collaboration=collaboration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("bulletin:desk")
        messages.success(
            request,
            _("「%(title)s」の当事者の会員%(count)s人にお知らせしました。")
            % {"title": collaboration.title, "count": told},
        )
        return redirect("bulletin:desk")


class ConsultationMixin(BoardAccessMixin):
    def check_action_permission(self):
        if not permissions.can_use_desk(self.request.user):
            raise PermissionDenied(_("相談窓口は承認された会員と事務局だけが使えます。"))


class ConsultationListView(ConsultationMixin, ListView):
    template_name = "bulletin/consultation_list.html"
    paginate_by = 30

    def get_queryset(self):
        consultations = Consultation.objects.for_listing()
        if permissions.can_moderate(self.request.user):
            return consultations
        return consultations.of_municipality(approved_membership(self.request.user).municipality)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_open=approved_membership(self.request.user) is not None, **kwargs
        )


class ConsultationCreateView(ConsultationMixin, FormView):
    form_class = ConsultationForm
    template_name = "bulletin/consultation_form.html"

    def check_action_permission(self):
        if approved_membership(self.request.user) is None:
            raise PermissionDenied(_("相談できるのは承認された会員だけです。"))

    def form_valid(self, form):
        consultation = consultation_open(
            author=self.request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(self.request, _("事務局に相談を送りました。回答はこのページに届きます。"))
        return redirect(consultation)


class ConsultationDetailView(ConsultationMixin, FormView):
    form_class = ConsultationReplyForm
    template_name = "bulletin/consultation_detail.html"

    def get_consultation(self) -> Consultation:
        consultation = get_object_or_404(
            Consultation.objects.select_related("municipality"), pk=self.kwargs["pk"]
        )
        if not permissions.can_view_consultation(self.request.user, consultation):
            raise Http404
        return consultation

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        return super().get_context_data(
            consultation=consultation,
            thread=consultation.messages.select_related("author__membership"),
            **kwargs,
        )

    def form_valid(self, form):
        consultation = self.get_consultation()
        try:
            consultation_post(
                consultation=consultation, author=self.request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("送信しました。"))
        return redirect(consultation)
