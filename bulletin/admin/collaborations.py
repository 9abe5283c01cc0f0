"""Status changes (read only) and the collaboration records in the admin, with the import of
their results from CSV (a preview, then all rows or none)."""

import base64

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin

from .. import results_import
from ..forms.results_import import ResultsImportForm
from ..models import Collaboration, Indicator, ProgressEntry, ProposalStatusChange

IMPORT_SALT = "bulletin.results-import"


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "name", "unit", "direction", "baseline", "baseline_on", "target", "target_on",
        "actual", "actual_on", "date_precision", "source", "ordering",
    ]  # fmt: skip


class ProgressEntryInline(admin.StackedInline):
    """The parties' progress, correctable here; a photo is added only through the board's form,
    which re-encodes it as PR photos are (bulletin/forms), so the admin shows it read-only."""

    model = ProgressEntry
    extra = 0
    fields = ["date", "text", "event", "photo", "photo_alt", "author", "author_municipality"]
    readonly_fields = ["photo", "author", "author_municipality"]
    autocomplete_fields = ["event"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProposalStatusChange)
class ProposalStatusChangeAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["proposal", "changed_by"]
    search_fields = ["proposal__title", "changed_by__email"]
    date_hierarchy = "changed_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Collaboration)
class CollaborationAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "fiscal_year",
        "prefecture",
        "field",
        "state",
        "started_on",
        "proposal",
    ]
    list_filter = ["fiscal_year", "field", "state", "prefecture"]
    list_select_related = ["prefecture", "proposal"]
    search_fields = ["title", "summary", "area_name", "slug"]
    autocomplete_fields = ["wards", "municipalities", "prefecture", "proposal"]
    date_hierarchy = "started_on"
    inlines = [IndicatorInline, ProgressEntryInline]
    change_list_template = "admin/bulletin/collaboration/change_list.html"

    def get_urls(self):
        return [
            path(
                "results/template.csv",
                self.admin_site.admin_view(self.results_template_view),
                name="bulletin_collaboration_results_template",
            ),
            path(
                "results/import/",
                self.admin_site.admin_view(self.results_import_view),
                name="bulletin_collaboration_results_import",
            ),
            *super().get_urls(),
        ]

    def results_template_view(self, request):
        """The CSV to fill in: the import's header row."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            results_import.template_csv(), content_type="text/csv; charset=utf-8"
        )
        name = f"collaboration-results-template-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def results_import_view(self, request):
        """Upload → preview (what each row adds or changes, every refusal and why) → import all
        rows or none. The preview writes nothing; confirming writes the rows previewed."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("経過・実績の取り込み"),
            "columns": list(results_import.COLUMNS),
        }
        signer = signing.Signer(salt=IMPORT_SALT)
        if request.method == "POST" and "confirm" in request.POST:
            try:
                payload = signer.unsign_object(request.POST.get("payload", ""))
                content = base64.b64decode(payload["content"], validate=True)
                name, expected = str(payload["name"]), str(payload["fingerprint"])
            except (signing.BadSignature, KeyError, TypeError, ValueError):
                raise PermissionDenied from None
            try:
                counts = results_import.confirm(
                    table=results_import.read_table(name, content),
                    user=request.user,
                    expected=expected,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("admin:bulletin_collaboration_results_import")
            messages.success(
                request,
                _("取り込みました：追加%(add)s件、変更%(change)s件、変更なし%(unchanged)s件")
                % counts,
            )
            return redirect("admin:bulletin_collaboration_changelist")
        form = ResultsImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                rows = results_import.preview(
                    results_import.read_table(upload.name, content), user=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                context.update(
                    rows=rows,
                    refused=[row for row in rows if row.action == results_import.REFUSE],
                    payload=signer.sign_object(
                        {
                            "name": upload.name,
                            "content": base64.b64encode(content).decode(),
                            "fingerprint": results_import.fingerprint(rows),
                        }
                    ),
                )
        context["form"] = form
        return TemplateResponse(
            request, "admin/bulletin/collaboration/results_import.html", context
        )
