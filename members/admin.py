from collections.abc import Callable
from functools import partial

from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.changelists import SafeChangeListMixin

from .forms import PRPageForm, RejectForm
from .kana import to_katakana
from .models import (
    MemberMunicipality,
    Membership,
    MembershipStatus,
    Municipality,
    OutgoingEmail,
    Prefecture,
    PRPage,
    PRPhoto,
    User,
)
from .models.accounts import MEMBERSHIP_PROFILE_FIELDS
from .services import (
    MembershipError,
    membership_approve,
    membership_deactivate,
    membership_reject,
    pr_photo_delete,
)


@admin.register(Prefecture)
class PrefectureAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kana", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name", "kana"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Municipality)
class MunicipalityAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kana", "romaji", "kind", "prefecture"]
    list_filter = ["kind", "prefecture__region", "prefecture"]
    list_select_related = ["prefecture"]
    search_fields = ["code", "name", "kana", "romaji", "prefecture__name"]
    list_per_page = 100

    def get_queryset(self, request):
        # The autocomplete names each municipality with its prefecture (autocomplete_label).
        return super().get_queryset(request).select_related("prefecture")

    def autocomplete_label(self, municipality) -> str:
        """府中市 is in 東京都 and in 広島県: the secretariat picks 「東京都府中市」."""
        return municipality.full_name

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def get_search_results(self, request, queryset, search_term):
        # Staff type readings in hiragana; the register keeps katakana.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= self.model.objects.filter(kana__contains=to_katakana(search_term))
        return queryset, may_have_duplicates


@admin.register(User)
class UserAdmin(SafeChangeListMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "last_name", "first_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("氏名"), {"fields": ["last_name", "first_name"]}),
        (
            _("権限"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("日時"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


def _decide_each(
    modeladmin, request, memberships, decide: Callable, done_message: Callable[[int], str]
) -> None:
    """Apply one decision service to each selected membership; report what was done and refused."""
    done, errors = 0, []
    for membership in memberships:
        try:
            decide(membership=membership)
            done += 1
        except MembershipError as error:
            errors.extend(error.messages)
    if done:
        modeladmin.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)
    for error in errors:
        modeladmin.message_user(request, error, messages.WARNING)


class MembershipStatusFilter(admin.SimpleListFilter):
    """The applications list opens on 承認待ち, the secretariat's queue; 「すべて」 shows every one."""

    title = _("状態")
    parameter_name = "status__exact"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [(self.ALL, _("すべて")), *MembershipStatus.choices]

    def value(self):
        return super().value() or MembershipStatus.PENDING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class MunicipalityColumns:
    """The prefecture and kind of a row's municipality, as sortable list columns."""

    @admin.display(description=_("都道府県"), ordering="municipality__prefecture__code")
    def prefecture(self, obj):
        return obj.municipality.prefecture

    @admin.display(description=_("種別"), ordering="municipality__kind")
    def kind(self, obj):
        return obj.municipality.get_kind_display()


@admin.register(Membership)
class MembershipAdmin(SafeChangeListMixin, MunicipalityColumns, admin.ModelAdmin):
    """会員登録申請: approved, rejected (with a reason) or deactivated through the actions."""

    list_display = [
        "full_name",
        "municipality",
        "prefecture",
        "kind",
        "department",
        "status",
        "email_verified",
        "other_pending_column",
        "applied_at",
    ]
    list_filter = [MembershipStatusFilter, "municipality__kind", "municipality__prefecture"]
    list_select_related = ["user", "municipality__prefecture"]
    search_fields = [
        "full_name",
        "full_name_kana",
        "user__email",
        "department",
        "municipality__name",
        "municipality__code",
    ]
    date_hierarchy = "applied_at"
    autocomplete_fields = ["municipality"]
    actions = ["approve_selected", "reject_selected", "deactivate_selected"]
    fieldsets = [
        (
            _("申請者"),
            {
                "fields": [
                    "user",
                    "municipality",
                    "municipality_prefecture",
                    *MEMBERSHIP_PROFILE_FIELDS,
                    "agreed_to_terms_at",
                ]
            },
        ),
        (
            _("審査"),
            {
                "fields": [
                    "status",
                    "applied_at",
                    "decided_at",
                    "decided_by",
                    "rejection_reason",
                    "deactivated_at",
                ]
            },
        ),
    ]
    # Decisions go through the actions (which e-mail the applicant), never a bare edit.
    readonly_fields = [
        "user",
        "municipality",
        "municipality_prefecture",
        "agreed_to_terms_at",
        "status",
        "applied_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
        "deactivated_at",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_other_pending_count()
            .annotate(
                _email_verified=Exists(
                    EmailAddress.objects.filter(
                        user=OuterRef("user"), email=OuterRef("user__email"), verified=True
                    )
                )
            )
        )

    change_form_template = "admin/members/membership/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == MembershipStatus.PENDING:
            fields.remove("municipality")  # an applicant's slip can be corrected before deciding
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "municipality":
            field.label_from_instance = lambda municipality: municipality.full_name
        return field

    @admin.display(description=_("都道府県"))
    def municipality_prefecture(self, obj):
        return obj.municipality.prefecture.name

    # Deciding from the application's own page: the same services as the list's actions.
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.status == MembershipStatus.PENDING:
            context["other_pending"] = list(obj.other_pending_for_municipality())
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
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                for error in form.errors["reason"]:
                    self.message_user(request, error, messages.ERROR)
                return HttpResponseRedirect(request.path)
            self._reject_each(request, [obj], form.cleaned_data["reason"])
        return HttpResponseRedirect(request.path)

    def _reject_each(self, request, memberships, reason: str) -> None:
        _decide_each(
            self,
            request,
            memberships,
            partial(
                membership_reject,
                decided_by=request.user,
                reason=reason,
            ),
            lambda count: _("%(count)d件の申請を不承認にし、理由を申請者にメールで知らせました。"),
        )

    def has_add_permission(self, request):
        return False  # applications come from the registration form

    def has_approve_permission(self, request):
        return request.user.has_perm("members.approve_membership")

    @admin.display(description=_("同じ自治体の承認待ち"), ordering="other_pending")
    def other_pending_column(self, obj):
        """Flag a pending application that has a twin: both should not be approved blindly."""
        if obj.status != MembershipStatus.PENDING or not obj.other_pending:
            return "—"
        return format_html(
            '<strong class="pending-duplicate">⚠ {}</strong>',
            ngettext(
                "ほかに%(count)d件",
                "ほかに%(count)d件",
                obj.other_pending,
            )
            % {"count": obj.other_pending},
        )

    @admin.display(description=_("メール確認"), boolean=True, ordering="_email_verified")
    def email_verified(self, obj):
        return obj._email_verified

    @admin.action(description=_("選択された申請を承認する"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset.select_related("user"),
            partial(membership_approve, decided_by=request.user),
            lambda count: _("%(count)d件の申請を承認し、申請者にメールで知らせました。"),
        )

    @admin.action(
        description=_("選択された申請を不承認にする（理由を入力）"), permissions=["approve"]
    )
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._reject_each(request, queryset, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("申請を不承認にする"),
            "opts": self.model._meta,
            "queryset": queryset.select_related("municipality__prefecture"),
            "form": form,
            "action": "reject_selected",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/membership/reject.html", context)

    @admin.action(
        description=_("選択されたアカウントを利用停止にする（異動・退職）"), permissions=["approve"]
    )
    def deactivate_selected(self, request, queryset):
        _decide_each(
            self,
            request,
            queryset,
            partial(membership_deactivate, deactivated_by=request.user),
            lambda count: ngettext(
                "%(count)d件のアカウントを利用停止にしました。",
                "%(count)d件のアカウントを利用停止にしました。",
                count,
            ),
        )


@admin.register(MemberMunicipality)
class MemberMunicipalityAdmin(SafeChangeListMixin, MunicipalityColumns, admin.ModelAdmin):
    list_display = ["municipality", "prefecture", "kind", "joined_on"]
    list_filter = ["municipality__kind", "municipality__prefecture"]
    list_select_related = ["municipality__prefecture"]
    search_fields = ["municipality__name", "municipality__kana", "municipality__code"]
    date_hierarchy = "joined_on"
    autocomplete_fields = ["municipality"]

    def get_readonly_fields(self, request, obj=None):
        return ["municipality"] if obj else []

    def has_add_permission(self, request):
        return False  # recorded by the first approval


def _thumbnail(photo) -> str:
    if not photo.thumbnail:
        return "-"
    return format_html(
        '<img src="{}" alt="{}" width="160" height="120">', photo.thumbnail.url, photo.alt_text
    )


class PRPhotoInline(admin.StackedInline):
    # Stacked: Django's tabular inline leaves its inputs without labels (axe-core).
    model = PRPhoto
    extra = 0
    fields = ["preview", "position", "caption", "alt_text", "uploaded_by", "uploaded_at"]
    readonly_fields = ["preview", "position", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # photos are added by the municipality's members, through the checks

    @admin.display(description=_("写真"))
    def preview(self, photo):
        return _thumbnail(photo)


@admin.register(PRPage)
class PRPageAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["municipality", "prefecture", "catchphrase", "photo_count", "updated_at"]
    list_filter = ["municipality__kind", "municipality__prefecture"]
    list_select_related = ["municipality__prefecture"]
    search_fields = ["municipality__name", "municipality__code", "catchphrase", "introduction"]
    date_hierarchy = "updated_at"
    readonly_fields = ["municipality", "updated_at", "updated_by"]
    form = PRPageForm
    inlines = [PRPhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_photo_count=Count("photos"))

    def has_add_permission(self, request):
        return False  # a PR page is started by the municipality's members

    @admin.display(description=_("都道府県"), ordering="municipality__prefecture__code")
    def prefecture(self, page):
        return page.municipality.prefecture

    @admin.display(description=_("写真"), ordering="_photo_count")
    def photo_count(self, page):
        return page._photo_count

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for photo in formset.deleted_objects:
            pr_photo_delete(photo=photo)
        for photo in formset.changed_objects:
            photo[0].save()

    def delete_model(self, request, obj):
        for photo in obj.photos.all():
            pr_photo_delete(photo=photo)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for photo in PRPhoto.objects.filter(page__in=queryset):
            pr_photo_delete(photo=photo)
        super().delete_queryset(request, queryset)


@admin.register(PRPhoto)
class PRPhotoAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["preview", "municipality", "position", "caption", "alt_text", "uploaded_at"]
    list_display_links = ["preview", "caption"]
    list_filter = ["page__municipality__kind", "page__municipality__prefecture"]
    list_select_related = ["page__municipality", "uploaded_by"]
    search_fields = ["caption", "alt_text", "page__municipality__name"]
    date_hierarchy = "uploaded_at"
    fields = [
        "preview",
        "page",
        "position",
        "caption",
        "alt_text",
        "width",
        "height",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = [
        "preview",
        "page",
        "position",
        "width",
        "height",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request):
        return False  # photos are added by the municipality's members, through the checks

    @admin.display(description=_("写真"))
    def preview(self, photo):
        return _thumbnail(photo)

    @admin.display(description=_("自治体"), ordering="page__municipality__code")
    def municipality(self, photo):
        return photo.page.municipality

    def delete_model(self, request, obj):
        pr_photo_delete(photo=obj)

    def delete_queryset(self, request, queryset):
        for photo in queryset:
            pr_photo_delete(photo=photo)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "attempts", "sent_at", "next_attempt_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "attempts",
        "sent_at",
        "last_error",
        "claimed_by",
        "claimed_until",
    ]
    actions = ["send_now"]

    @admin.action(description=_("選んだ未送信メールを今すぐ送信する"))
    def send_now(self, request, queryset):
        # The worker sends them within seconds; the admin never waits for the mail server.
        count = queryset.unsent().update(next_attempt_at=timezone.now())
        self.message_user(
            request,
            _("%(count)s件のメールを送信待ちにしました。数秒のうちに送信されます。")
            % {"count": count},
            messages.SUCCESS,
        )
