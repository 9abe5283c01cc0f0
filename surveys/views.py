"""Surveys' pages: members answer, the secretariat's desk follows and exports, the public reads
the published aggregate."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from members.permissions import is_secretariat

from . import exports, services
from .audience import can_answer_surveys, in_audience, response_rates
from .forms import PublishForm, ResponseForm
from .models import Survey
from .results import MIN_PUBLIC_GROUP, SurveyResults


class MemberRequiredMixin(AccessMixin):
    """Approved members of a municipality or of a partner organisation; visitors log in, other
    accounts get a 403 page."""

    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_answer_surveys(request.user):
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class SecretariatRequiredMixin(AccessMixin):
    """The secretariat, in a session that passed the second factor."""

    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_secretariat(request.user):
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class MySurveyListView(MemberRequiredMixin, ListView):
    """The surveys addressed to the member: open ones first, then the closed."""

    template_name = "surveys/my_survey_list.html"
    paginate_by = 20

    def get_queryset(self):
        now = timezone.now()
        surveys = (
            Survey.objects.started(now)
            .select_related("body__prefecture")
            .order_by("-closes_at", "pk")
        )
        return [s for s in surveys if in_audience(s, self.request.user)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


class SurveyAnswerView(MemberRequiredMixin, TemplateView):
    """The member's answer: a form until the deadline, read-only after it."""

    template_name = "surveys/survey_answer.html"

    @cached_property
    def survey(self) -> Survey:
        survey = get_object_or_404(
            Survey.objects.select_related("body__prefecture").started(timezone.now()),
            slug=self.kwargs["slug"],
        )
        if not in_audience(survey, self.request.user):
            raise Http404
        return survey

    def form(self, data=None) -> ResponseForm:
        questions = self.survey.questions.prefetch_related("choices")
        response = services.response_for(self.survey, self.request.user)
        return ResponseForm(
            data,
            questions=questions,
            response=response,
            read_only=not self.survey.is_open(),
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(
            survey=self.survey,
            response=services.response_for(self.survey, self.request.user),
            is_open=self.survey.is_open(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.survey.is_open():
            raise PermissionDenied(_("回答期限を過ぎたため、回答は変更できません。"))
        form = self.form(request.POST)
        if form.is_valid():
            try:
                services.response_submit(
                    survey=self.survey, user=request.user, answers=form.answers()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("回答を保存しました。期限までは変更できます。"))
                return redirect(self.survey.get_answer_url())
        return self.render_to_response(self.get_context_data(form=form))


class DeskListView(SecretariatRequiredMixin, ListView):
    """Every survey with its response rate."""

    template_name = "surveys/desk_list.html"
    paginate_by = 20
    queryset = Survey.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(s, response_rates(s).total) for s in context["object_list"]]
        return context


class SurveyDeskMixin(SecretariatRequiredMixin):
    @cached_property
    def survey(self) -> Survey:
        return get_object_or_404(Survey.objects.select_related("body"), slug=self.kwargs["slug"])


class DeskDetailView(SurveyDeskMixin, TemplateView):
    """Response rates by body and region, the results in full (named answers included), the
    breakdowns, and the actions: invite, remind, publish, download."""

    template_name = "surveys/desk_detail.html"

    def get_context_data(self, **kwargs):
        results = SurveyResults(self.survey)
        return super().get_context_data(
            survey=self.survey,
            rates=response_rates(self.survey),
            results=results,
            question_results=results.question_results(with_texts=True),
            breakdowns=results.breakdowns(),
            is_open=self.survey.is_open(),
            has_closed=self.survey.has_closed(),
            **kwargs,
        )


class DeskActionView(SurveyDeskMixin, View):
    """POST only: invite, remind or publish."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        try:
            if action == "invite":
                sent = services.survey_invite(survey=self.survey, user=request.user)
                messages.success(
                    request, _("依頼メールを%(count)d件送りました。") % {"count": sent}
                )
            elif action == "remind":
                sent = services.survey_remind(survey=self.survey, user=request.user)
                messages.success(
                    request, _("督促メールを%(count)d件送りました。") % {"count": sent}
                )
            elif action == "publish":
                form = PublishForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("公開するかどうかを選んでください。"))
                    return redirect(self.survey.get_desk_url())
                services.survey_publish(
                    survey=self.survey,
                    user=request.user,
                    published=form.cleaned_data["published"],
                )
                messages.success(request, _("集計結果の公開を変更しました。"))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.survey.get_desk_url())


class DeskDownloadView(SurveyDeskMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = kwargs["format"]
        if fmt == "csv":
            content, content_type = exports.results_csv(self.survey), "text/csv; charset=utf-8"
        elif fmt == "xlsx":
            content = exports.results_xlsx(self.survey)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="survey-{self.survey.slug}-results.{fmt}"'
        )
        return response


class PublicSurveyListView(ListView):
    template_name = "surveys/survey_list.html"
    paginate_by = 20
    queryset = Survey.objects.published().for_listing().with_response_count()


class PublicResultsView(DetailView):
    """The published aggregate: counts and percentages, breakdowns of groups of at least
    MIN_PUBLIC_GROUP answers; a municipality's answer only where its question allows it."""

    template_name = "surveys/survey_results.html"
    queryset = Survey.objects.published()

    def get_context_data(self, **kwargs):
        results = SurveyResults(self.object)
        return super().get_context_data(
            results=results,
            question_results=results.question_results(),
            breakdowns=results.breakdowns(public=True),
            named_answers=results.public_answers(),
            min_group=MIN_PUBLIC_GROUP,
            **kwargs,
        )
