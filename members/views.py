from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from core.limits import AcceptsUploads

from .filters import MunicipalityFilter
from .forms import PhotoFormSet, ProfileForm, PRPageForm
from .kana import to_hiragana
from .models import MembershipStatus, Municipality, PRPage, PRPhoto
from .mypage import mypage_sections
from .pages import municipality_sections
from .permissions import acts_for, approved_membership, has_secretariat_role
from .services import MembershipError, membership_deactivate, pr_page_update

SUGGESTION_LIMIT = 20


class MunicipalityListView(FilterView):
    filterset_class = MunicipalityFilter
    queryset = Municipality.objects.for_listing().with_member_flag()
    paginate_by = 50
    template_name = "members/municipality_list.html"


class MunicipalityDetailView(DetailView):
    queryset = Municipality.objects.select_related(
        "prefecture", "member_record", "pr_page"
    ).prefetch_related(Prefetch("pr_page__photos", queryset=PRPhoto.objects.order_by("position")))
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.object
        context["pr_page"] = getattr(municipality, "pr_page", None)
        context["member_record"] = getattr(municipality, "member_record", None)
        context["can_edit_pr"] = acts_for(self.request.user, municipality)
        context["sections"] = municipality_sections(municipality, self.request.user)
        return context


def municipality_search(request):
    """Suggestions for the municipality field at registration (JSON for a <datalist>)."""
    municipalities = Municipality.objects.suggest(request.GET.get("q", "")[:40])[:SUGGESTION_LIMIT]
    return JsonResponse(
        {
            "results": [
                {
                    "value": m.full_name,
                    "label": f"{to_hiragana(m.prefecture.kana)} {to_hiragana(m.kana)}",
                    "code": m.code,
                }
                for m in municipalities
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


class TermsView(TemplateView):
    template_name = "members/terms.html"


class MyPageView(LoginRequiredMixin, TemplateView):
    template_name = "members/mypage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        membership = getattr(user, "membership", None)
        context.update(
            membership=membership,
            approved_membership=approved_membership(user),
            is_secretariat=has_secretariat_role(user),  # the admin asks for the code itself
            pr_page=PRPage.objects.filter(municipality_id=membership.municipality_id).first()
            if membership
            else None,
            desk_sections=mypage_sections(user),
            # A partner organisation's account (partners app): its own section says so.
            partner_membership=getattr(user, "partner_membership", None),
        )
        return context


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    """The member's own details (not the municipality: that takes a new application)."""

    form_class = ProfileForm
    template_name = "members/membership_form.html"

    def get_object(self, queryset=None):
        membership = getattr(self.request.user, "membership", None)
        if membership is None or membership.status not in {
            MembershipStatus.PENDING,
            MembershipStatus.APPROVED,
        }:
            raise PermissionDenied
        return membership

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("登録情報を更新しました。"))
        return redirect("members:mypage")


class DeactivateView(LoginRequiredMixin, TemplateView):
    """A member stops their own account (e.g. on moving to another post in April)."""

    template_name = "members/membership_deactivate.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.membership = getattr(request.user, "membership", None)
            if self.membership is None or self.membership.status == MembershipStatus.DEACTIVATED:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            membership_deactivate(membership=self.membership, deactivated_by=request.user)
        except MembershipError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("members:mypage")
        logout(request)
        messages.success(
            request,
            _("アカウントを利用停止しました。ご利用ありがとうございました。"),
        )
        return redirect("home")


class PRPageUpdateView(AcceptsUploads, LoginRequiredMixin, TemplateView):
    """自治体情報のPR: edited by the municipality's approved members, and only by them."""

    template_name = "members/prpage_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(
            Municipality.objects.select_related("prefecture"), code=kwargs["code"]
        )
        if request.user.is_authenticated and not acts_for(request.user, self.municipality):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page(self) -> PRPage:
        page = PRPage.objects.filter(municipality=self.municipality).first()
        return page or PRPage(municipality=self.municipality)

    def get_context_data(self, form=None, formset=None, **kwargs):
        page = self.get_page()
        return super().get_context_data(
            municipality=self.municipality,
            page=page,
            form=form or PRPageForm(instance=page),
            formset=formset or PhotoFormSet(page=page, prefix="photos"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        page = self.get_page()
        form = PRPageForm(request.POST, instance=page)
        formset = PhotoFormSet(request.POST, request.FILES, page=page, prefix="photos")
        if form.is_valid() and formset.is_valid():
            try:
                pr_page_update(
                    municipality=self.municipality,
                    editor=request.user,
                    fields=form.cleaned_data,
                    photos=formset.changes(),
                )
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(
                    error.messages, error_class="nonform", renderer=formset.renderer
                )
            else:
                messages.success(request, _("PRページを保存しました。"))
                return redirect(
                    reverse("members:municipality-detail", args=[self.municipality.code]) + "#pr"
                )
        messages.error(
            request,
            _(
                "入力内容を確認してください。保存されていません。"
                "写真のファイルは、もう一度選び直す必要があります。"
            ),
        )
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
