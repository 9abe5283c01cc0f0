"""Reports (通報) and the record of moderation in the admin; a report is resolved through the
board's moderation service."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin

from .. import permissions
from ..forms.moderation import ModerationForm
from ..models import ModerationAction, Report
from ..services.moderation import post_moderate


@admin.register(Report)
class ReportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """通報: read as members wrote them, and resolved from the report's page through the board's
    moderation service (hide the post, restore it, or close the report with a reason)."""

    list_display = ["__str__", "reporter", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["proposal", "reply", "reporter"]
    search_fields = ["reason", "proposal__title", "reply__body"]
    date_hierarchy = "created_at"
    fields = ["target_link", "target_state", "reason", "reporter", "created_at", "handled_at"]
    readonly_fields = fields
    change_form_template = "admin/bulletin/report/change_form.html"

    def has_add_permission(self, request):
        return False  # members report from the board

    def has_change_permission(self, request, obj=None):
        return False  # a report is resolved (resolve_view), never edited

    @admin.display(description=_("対象の投稿"))
    def target_link(self, report):
        return format_html('<a href="{}">{}</a>', report.target.get_absolute_url(), report.target)

    @admin.display(description=_("投稿の状態"))
    def target_state(self, report):
        return _("非表示") if report.target.is_hidden else _("公開中（会員に表示）")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="bulletin_report_resolve",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if report is not None and permissions.can_moderate(request.user):
            extra["resolution_form"] = ModerationForm(target=report.target)
        return super().change_view(request, object_id, form_url, extra)

    def resolve_view(self, request, object_id):
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404
        if request.method != "POST" or not permissions.can_moderate(request.user):
            raise PermissionDenied
        form = ModerationForm(request.POST, target=report.target)
        change_url = reverse("admin:bulletin_report_change", args=[report.pk])
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            action = post_moderate(
                actor=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                proposal=report.proposal,
                reply=report.reply,
            )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(
            request,
            _("「%(action)s」を記録しました。") % {"action": action.get_action_display()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)


@admin.register(ModerationAction)
class ModerationActionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "action", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["proposal", "reply", "actor"]
    search_fields = ["reason", "proposal__title", "reply__body"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
