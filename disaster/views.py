"""The 対策本部 pages: thin views over disaster/services and disaster/situation."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from bulletin.views.mixins import BoardAccessMixin, apply_errors

from . import permissions, situation
from .exports import situation_workbook
from .forms import (
    CommitmentForm,
    DecideForm,
    DisasterDeclareForm,
    PairingForm,
    ReliefFundForm,
    SupportReportForm,
    SupportRequestForm,
)
from .models import Commitment, Disaster, Profession, SupportRequest
from .services.alerts import affected_municipalities
from .services.disasters import (
    disaster_close,
    disaster_declare,
    pairing_propose,
    relief_fund_record,
)
from .services.requests import (
    commitment_decide,
    commitment_make,
    committed_total,
    progress_text,
    request_withdraw,
)
from .services.support import report_submit

REQUESTS_PER_PAGE = 30


class SecretariatOnlyMixin(BoardAccessMixin):
    def check_action_permission(self):
        if not permissions.can_manage(self.request.user):
            raise PermissionDenied(_("この操作は事務局だけができます。"))


class DisasterListView(BoardAccessMixin, ListView):
    template_name = "disaster/disaster_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Disaster.objects.latest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=permissions.can_manage(self.request.user), **kwargs
        )


class DisasterDeclareView(SecretariatOnlyMixin, FormView):
    form_class = DisasterDeclareForm
    template_name = "disaster/disaster_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        disaster = disaster_declare(
            actor=self.request.user,
            data=data,
            prefectures=data["prefectures"],
            municipalities=data["municipalities"],
        )
        messages.success(
            self.request, _("対策本部を設置し、特別区と被災自治体の会員にお知らせしました。")
        )
        return redirect(disaster)


class DisasterMixin(BoardAccessMixin):
    @cached_property
    def disaster(self) -> Disaster:
        return get_object_or_404(Disaster, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(disaster=self.disaster, **kwargs)


class DisasterDetailView(DisasterMixin, TemplateView):
    """The 対策本部 page: approved members and the secretariat."""

    template_name = "disaster/disaster_detail.html"

    def get_context_data(self, **kwargs):
        user, disaster = self.request.user, self.disaster
        ward = permissions.ward_of(user)
        rows = situation.requests_of(disaster)
        pairs = situation.tied_pairs(disaster)
        if ward is not None:
            # A ward sees first the requests of the municipalities it is tied to.
            tied = {pair.municipality.pk for pair in pairs if pair.ward.pk == ward.pk}
            for row in rows:
                row.tied = row.municipality_id in tied
            rows.sort(key=lambda row: (not row.is_open, not row.tied))
        else:
            rows.sort(key=lambda row: not row.is_open)
        page = Paginator(rows, REQUESTS_PER_PAGE).get_page(self.request.GET.get("page"))
        lines = situation.ward_matrix(disaster)
        return super().get_context_data(
            requests=page.object_list,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            open_count=len(situation.open_requests(rows)),
            pairs=pairs,
            lines=lines,
            totals=situation.matrix_totals(lines),
            profession_labels=Profession.labels,
            silent_wards=[line.ward for line in lines if not line.has_reported],
            funds=list(disaster.funds.prefetch_related("recipients")),
            pairings=list(disaster.pairings.select_related("ward", "municipality")),
            affected=list(disaster.municipalities.select_related("prefecture").order_by("code")),
            affected_prefectures=list(disaster.prefectures.all()),
            can_manage=permissions.can_manage(user),
            can_request=permissions.can_request(user, disaster),
            can_report=permissions.can_report(user, disaster) and ward is not None,
            pairing_form=PairingForm(affected=affected_municipalities(disaster))
            if permissions.can_manage(user) and disaster.is_open
            else None,
            **kwargs,
        )


class DisasterCloseView(SecretariatOnlyMixin, DisasterMixin, View):
    def post(self, request, slug):
        try:
            disaster_close(actor=request.user, disaster=self.disaster)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("対策本部を終了し、要請をアーカイブしました。"))
        return redirect(self.disaster)


class PairingCreateView(SecretariatOnlyMixin, DisasterMixin, View):
    def post(self, request, slug):
        form = PairingForm(request.POST, affected=affected_municipalities(self.disaster))
        if not form.is_valid():
            messages.error(request, _("特別区と被災自治体を選んでください。"))
            return redirect(self.disaster)
        try:
            pairing_propose(
                actor=request.user,
                disaster=self.disaster,
                ward=form.cleaned_data["ward"],
                municipality=form.cleaned_data["municipality"],
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("対口支援の組合せを提案し、双方にお知らせしました。"))
        return redirect(self.disaster)


class ReliefFundCreateView(SecretariatOnlyMixin, DisasterMixin, FormView):
    form_class = ReliefFundForm
    template_name = "disaster/relieffund_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        relief_fund_record(
            actor=self.request.user,
            disaster=self.disaster,
            data=data,
            recipients=data["recipients"],
        )
        messages.success(self.request, _("復興支援金を記録しました。"))
        return redirect(self.disaster)


class RequestCreateView(DisasterMixin, FormView):
    form_class = SupportRequestForm
    template_name = "disaster/supportrequest_form.html"

    def check_action_permission(self):
        if not permissions.can_request(self.request.user, self.disaster):
            raise PermissionDenied(_("被災自治体の会員だけが要請できます。"))

    def form_valid(self, form):
        from .services.requests import request_post

        try:
            request = request_post(
                author=self.request.user, disaster=self.disaster, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("要請を送り、特別区の会員にお知らせしました。"))
        return redirect(request)


class RequestMixin(DisasterMixin):
    @cached_property
    def support_request(self) -> SupportRequest:
        return get_object_or_404(
            SupportRequest.objects.select_related("municipality__prefecture", "disaster"),
            pk=self.kwargs["pk"],
            disaster=self.disaster,
        )


class RequestDetailView(RequestMixin, FormView):
    """A request: what is committed and what remains; a ward commits here."""

    form_class = CommitmentForm
    template_name = "disaster/supportrequest_detail.html"

    def check_action_permission(self):
        if self.request.method == "POST" and not permissions.can_commit(
            self.request.user, self.support_request
        ):
            raise PermissionDenied(_("応援を申し出られるのは特別区の会員だけです。"))

    def get_context_data(self, **kwargs):
        request, user = self.support_request, self.request.user
        committed = committed_total(request)
        return super().get_context_data(
            support_request=request,
            committed=committed,
            remaining=max(request.quantity - committed, 0),
            progress=progress_text(request, committed),
            commitments=list(request.commitments.for_listing()),
            can_commit=permissions.can_commit(user, request),
            is_requester=permissions.acts_for_requester(user, request),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            commitment_make(
                user=self.request.user, request=self.support_request, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("応援を申し出ました。要請した自治体にお知らせしました。"))
        return redirect(self.support_request)


class RequestWithdrawView(RequestMixin, View):
    def post(self, request, slug, pk):
        request_withdraw(user=request.user, request=self.support_request)
        messages.success(request, _("要請を取り下げました。"))
        return redirect(self.support_request)


class CommitmentDecideView(DisasterMixin, View):
    def post(self, request, slug, pk):
        commitment = get_object_or_404(
            Commitment.objects.select_related("request"), pk=pk, request__disaster=self.disaster
        )
        if not permissions.acts_for_requester(request.user, commitment.request):
            raise Http404
        form = DecideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("受け入れるか辞退するかを選んでください。"))
            return redirect(commitment.request)
        try:
            commitment_decide(
                user=request.user,
                commitment=commitment,
                confirm=form.cleaned_data["decision"] == "confirm",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("決定を保存し、申し出た区にお知らせしました。"))
        return redirect(commitment.request)


class ReportCreateView(DisasterMixin, FormView):
    form_class = SupportReportForm
    template_name = "disaster/supportreport_form.html"

    def check_action_permission(self):
        if not permissions.can_report(self.request.user, self.disaster):
            raise PermissionDenied(_("支援の報告は特別区の会員だけができます。"))

    def form_valid(self, form):
        try:
            report_submit(user=self.request.user, disaster=self.disaster, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("支援の報告を保存しました。"))
        return redirect(self.disaster)


class SituationReportView(DisasterMixin, View):
    """The one-page 状況報告 (A4) for the headquarters' meeting, as XLSX."""

    def get(self, request, slug):
        content = situation_workbook(self.disaster, as_of=timezone.localtime())
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        day = datetime.date.today().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="situation-{self.disaster.pk}-{day}.xlsx"'
        )
        return response
