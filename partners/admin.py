from functools import partial

from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin
from members.forms import RejectForm
from members.models import MembershipStatus
from members.services import MembershipError

from .models import PartnerMembership, PartnerOrganisation
from .services import partner_approve, partner_reject


def _decide_each(modeladmin, request, memberships, decide, done_message: str) -> None:
    done, errors = 0, []
    for membership in memberships:
        try:
            decide(membership=membership)
            done += 1
        except MembershipError as error:
            errors.extend(error.messages)
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    for error in errors:
        modeladmin.message_user(request, error, messages.WARNING)


class MembershipInline(admin.TabularInline):
    model = PartnerMembership
    fields = ["full_name", "department", "status", "applied_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "corporate_number", "corporate_agreement", "approved_on"]
    list_filter = ["kind"]
    list_select_related = ["corporate_agreement"]
    search_fields = ["name", "corporate_number", "address"]
    date_hierarchy = "approved_on"
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """連携団体の参加申請: approved or rejected (with a reason) through the actions or the page."""

    list_display = [
        "full_name",
        "organisation",
        "department",
        "status",
        "email_verified",
        "applied_at",
    ]
    list_filter = ["status", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["full_name", "full_name_kana", "user__email", "organisation__name"]
    date_hierarchy = "applied_at"
    actions = ["approve_selected"]
    fields = [
        "user",
        "organisation",
        "organisation_number",
        "department",
        "full_name",
        "full_name_kana",
        "phone",
        "agreed_to_terms_at",
        "status",
        "applied_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
    ]
    # Decisions go through the services (which mail the applicant), never a bare edit.
    readonly_fields = [
        "user",
        "organisation",
        "organisation_number",
        "agreed_to_terms_at",
        "status",
        "applied_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
    ]
    change_form_template = "admin/partners/partnermembership/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _email_verified=Exists(
                    EmailAddress.objects.filter(
                        user=OuterRef("user"), email=OuterRef("user__email"), verified=True
                    )
                )
            )
        )

    def has_add_permission(self, request):
        return False  # applications come from the organisations' sign-up

    def has_approve_permission(self, request):
        return request.user.has_perm("partners.approve_partnermembership")

    @admin.display(description=_("法人番号"))
    def organisation_number(self, obj):
        return obj.organisation.corporate_number or "—"

    @admin.display(description=_("メール確認"), boolean=True, ordering="_email_verified")
    def email_verified(self, obj):
        return obj._email_verified

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_approve_permission(request):
            context["decision"] = {
                "can_approve": obj.status in {MembershipStatus.PENDING, MembershipStatus.REJECTED},
                "can_reject": obj.status == MembershipStatus.PENDING,
                "reject_form": RejectForm(),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if not self.has_approve_permission(request) or not (
            "_approve" in request.POST or "_reject" in request.POST
        ):
            return super().response_change(request, obj)
        if "_approve" in request.POST:
            self.approve_selected(request, self.get_queryset(request).filter(pk=obj.pk))
            return HttpResponseRedirect(request.path)
        form = RejectForm(request.POST)
        if not form.is_valid():
            for error in form.errors["reason"]:
                self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(request.path)
        _decide_each(
            self,
            request,
            [obj],
            partial(partner_reject, decided_by=request.user, reason=form.cleaned_data["reason"]),
            _("%(count)d件の申請を不承認にし、理由を申請者にメールで知らせました。"),
        )
        return HttpResponseRedirect(request.path)

    @admin.action(description=_("選択された申請を承認する"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset.select_related("user"),
            partial(partner_approve, decided_by=request.user),
            _("%(count)d件の申請を承認し、申請者にメールで知らせました。"),
        )
