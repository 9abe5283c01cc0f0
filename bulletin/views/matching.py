"""Matching on the board: calls (募集), follows, interest profile, alerts, saved searches."""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from members.permissions import approved_membership

from .. import permissions
from ..filters import ProposalFilter
from ..forms.interests import InterestProfileForm, SavedSearchAlertsForm, SavedSearchForm
from ..forms.notifications import AlertsForm
from ..forms.proposals import CallForm, reach_sentence
from ..models import InterestProfile, NotificationKind, NotificationPreference, SavedSearch
from ..services.interests import (
    follow_set,
    interest_profile_set,
    saved_search_create,
    saved_search_delete,
    saved_search_set_alerts,
)
from ..services.notifications import alerts_set
from ..services.proposals import call_submit
from .mixins import BoardAccessMixin, ProposalMixin, apply_errors


class CallReachView(BoardAccessMixin, View):
    """How many municipalities and members a call's target reaches, as the call form is filled
    (JSON for static/js/call-reach.js). The form's own fields read the query: a value that is
    not a choice is a 400 with the form's errors."""

    http_method_names = ["get"]

    def check_action_permission(self):
        if not permissions.can_post_call(self.request.user):
            raise PermissionDenied(_("募集を投稿できるのは特別区の会員だけです。"))

    def get(self, request, *args, **kwargs):
        form = CallForm(data=request.GET)
        form.is_valid()
        errors = {name: form.errors[name] for name in CallForm.TARGET_FIELDS if name in form.errors}
        if errors or form.reach is None:
            return JsonResponse({"errors": errors}, status=400)
        return JsonResponse(
            {
                "municipalities": form.reach.municipalities,
                "members": form.reach.members,
                "text": reach_sentence(form.reach),
            }
        )


class CallCreateView(BoardAccessMixin, FormView):
    form_class = CallForm
    template_name = "bulletin/call_form.html"

    def check_action_permission(self):
        if not permissions.can_post_call(self.request.user):
            raise PermissionDenied(_("募集を投稿できるのは特別区の会員だけです。"))

    def form_valid(self, form):
        try:
            call = call_submit(
                author=self.request.user,
                data=form.post_data(),
                target_prefectures=form.cleaned_data.get("target_prefectures") or [],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("募集を投稿しました。対象の自治体の会員に、まもなく通知が届きます。")
        )
        return redirect(call)


class FollowView(ProposalMixin, View):
    http_method_names = ["post"]

    def check_action_permission(self):
        if not permissions.can_follow(self.request.user, self.proposal):
            raise PermissionDenied(_("この投稿はワッチできません。"))

    def post(self, request, *args, **kwargs):
        following = request.POST.get("action") != "unfollow"
        follow_set(user=request.user, proposal=self.proposal, following=following)
        if following:
            messages.success(
                request, _("ワッチしました。返信・手挙げ・状態の変更をお知らせします。")
            )
        else:
            messages.success(request, _("ワッチをやめました。"))
        return redirect(self.proposal)


class MemberOnlyMixin(BoardAccessMixin):
    def check_action_permission(self):
        if not permissions.can_post(self.request.user):
            raise PermissionDenied(_("承認された会員だけが使えます。"))


class InterestProfileView(MemberOnlyMixin, FormView):
    form_class = InterestProfileForm
    template_name = "bulletin/interestprofile_form.html"

    def get_initial(self):
        profile = InterestProfile.objects.with_choices().filter(user=self.request.user).first()
        if profile is None:
            return {}
        return {
            "fields_": profile.fields,
            "kinds": profile.kinds,
            "regions": profile.regions,
            "prefectures": list(profile.prefectures.all()),
            "bodies": list(profile.bodies.all()),
        }

    def get_form_kwargs(self):
        membership = approved_membership(self.request.user)
        places = membership is not None and membership.municipality.is_special_ward
        return {**super().get_form_kwargs(), "places": places}

    def form_valid(self, form):
        data = form.cleaned_data
        profile = {
            "fields": data["fields_"],
            "kinds": data["kinds"],
            "regions": data.get("regions", []),
            "prefectures": data.get("prefectures", []),
            "bodies": data.get("bodies", []),
        }
        interest_profile_set(user=self.request.user, **profile)
        if data["for_municipality"]:  # also the default of the municipality's members
            interest_profile_set(user=self.request.user, for_municipality=True, **profile)
        messages.success(self.request, _("関心の設定を保存しました。"))
        return redirect("bulletin:interest-profile")


class AlertSettingsView(BoardAccessMixin, FormView):
    partners_welcome = True  # which kinds of notification a partner's member is told of
    form_class = AlertsForm
    template_name = "bulletin/alerts_form.html"

    def get_initial(self):
        preference = NotificationPreference.objects.filter(user=self.request.user).first()
        muted = set(preference.muted_kinds if preference else ())
        return {"kinds": [kind for kind in NotificationKind.values if kind not in muted]}

    def form_valid(self, form):
        wanted = set(form.cleaned_data["kinds"])
        alerts_set(
            user=self.request.user,
            muted_kinds=[kind for kind in NotificationKind.values if kind not in wanted],
        )
        messages.success(self.request, _("受け取る通知を保存しました。"))
        return redirect("bulletin:alert-settings")


class SavedSearchListView(MemberOnlyMixin, ListView):
    template_name = "bulletin/savedsearch_list.html"

    def get_queryset(self):
        return SavedSearch.objects.filter(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for saved in context["object_list"]:
            saved.conditions = ProposalFilter(
                saved.params, queryset=SavedSearch.objects.none()
            ).conditions()
        preference = NotificationPreference.objects.filter(user=self.request.user).first()
        # 受け取る通知 without 保存した検索の新しい一致: no saved search alerts, whatever its switch.
        context["alerts_muted"] = bool(
            preference and NotificationKind.SAVED_SEARCH in preference.muted_kinds
        )
        return context

    def post(self, request, *args, **kwargs):
        """Save the search given (from the board list's "この条件を保存" form)."""
        form = SavedSearchForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("検索の名前を入力してください。"))
            return redirect("bulletin:saved-search-list")
        saved_search_create(
            user=request.user,
            name=form.cleaned_data["name"],
            query=form.cleaned_data["query"],
            alerts=form.cleaned_data["alerts"],
        )
        messages.success(request, _("検索を保存しました。"))
        return redirect("bulletin:saved-search-list")


class SavedSearchAlertsView(MemberOnlyMixin, View):
    """The alert switch of one of the member's own saved searches (others' are not found)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        saved = get_object_or_404(SavedSearch, pk=kwargs["pk"], user=request.user)
        form = SavedSearchAlertsForm(request.POST)
        if not form.is_valid():
            raise BadRequest("alerts must be on or off")
        alerts = form.cleaned_data["alerts"] == "on"
        saved_search_set_alerts(user=request.user, saved_search=saved, alerts=alerts)
        if alerts:
            message = _("「%(name)s」の通知をオンにしました。")
        else:
            message = _("「%(name)s」の通知をオフにしました。")
        messages.success(request, message % {"name": saved.name})
        return redirect("bulletin:saved-search-list")


class SavedSearchDeleteView(MemberOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        saved = get_object_or_404(SavedSearch, pk=kwargs["pk"], user=request.user)
        saved_search_delete(user=request.user, saved_search=saved)
        messages.success(request, _("保存した検索を削除しました。"))
        return redirect("bulletin:saved-search-list")
