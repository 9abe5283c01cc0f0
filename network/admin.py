import base64

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import services, ties_export, ties_import
from .forms import TieImportForm
from .models import ConfirmationRound, Tie, TieChange, TieProposal, WardConfirmation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = ["ward", "partner", "kind", "since", "department", "retired_on", "source"]
    list_filter = ["kind", ("retired_on", admin.EmptyFieldListFilter), "ward"]
    search_fields = ["ward__name", "municipalities__name", "area_name", "note", "slug"]
    autocomplete_fields = ["ward", "municipalities"]
    list_select_related = ["ward", "body"]
    date_hierarchy = "since"
    change_list_template = "admin/network/tie/change_list.html"
    actions = ["export_csv", "export_xlsx"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    def save_model(self, request, obj, form, change):
        # The tie as it was, for the history (its partners are saved after it, in save_related).
        request._tie_before = (
            services.tie_snapshot(Tie.objects.get(pk=obj.pk)) if change and obj.pk else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.tie_record_admin_change(
            user=request.user, tie=form.instance, before=getattr(request, "_tie_before", None)
        )

    @admin.display(description=_("相手"))
    def partner(self, tie):
        return tie.partner_label

    @admin.action(description=_("選択した交流関係をCSVに書き出す（取り込みと同じ列）"))
    def export_csv(self, request, queryset):
        response = HttpResponse(
            ties_export.ties_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{ties_export.filename()}"'
        return response

    @admin.action(description=_("選択した交流関係をExcelに書き出す（取り込みと同じ列）"))
    def export_xlsx(self, request, queryset):
        return _xlsx_response(ties_export.ties_xlsx(queryset), ties_export.filename("xlsx"))

    def template_view(self, request):
        """The XLSX template: the register, one row per ward and partner municipality."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _xlsx_response(
            ties_export.template_xlsx(), ties_export.filename("xlsx", stem="ties-template")
        )

    def get_urls(self):
        return [
            path(
                "template.xlsx",
                self.admin_site.admin_view(self.template_view),
                name="network_tie_template",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="network_tie_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload → preview (what is added, changed or refused, and why) → import all or none."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("交流関係の取り込み"),
        }
        signer = signing.Signer(salt="network.tie-import")
        if request.method == "POST" and "confirm" in request.POST:
            try:
                payload = signer.unsign_object(request.POST["payload"])
                content = base64.b64decode(payload["content"])
                rows = ties_import.preview(ties_import.read_table(payload["name"], content))
                counts = ties_import.apply(rows)
            except (signing.BadSignature, KeyError):
                raise PermissionDenied from None
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("admin:network_tie_import")
            messages.success(
                request,
                _("取り込みました：追加%(add)s件、変更%(change)s件、変更なし%(unchanged)s件")
                % counts,
            )
            return redirect("admin:network_tie_changelist")
        form = TieImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                rows = ties_import.preview(ties_import.read_table(upload.name, content))
            except ValidationError as error:
                form.add_error("file", error)
            else:
                context.update(
                    rows=rows,
                    refused=[row for row in rows if row.action == ties_import.REFUSE],
                    payload=signer.sign_object(
                        {"name": upload.name, "content": base64.b64encode(content).decode()}
                    ),
                )
        context["form"] = form
        return TemplateResponse(request, "admin/network/tie/import.html", context)


@admin.register(TieChange)
class TieChangeAdmin(admin.ModelAdmin):
    """The history of the wards' changes: read only (the desk reverts a change, recorded)."""

    list_display = ["at", "tie", "action", "user"]
    list_filter = ["action", "tie__ward"]
    search_fields = ["tie__ward__name", "tie__municipalities__name", "tie__area_name"]
    list_select_related = ["tie__ward", "user"]
    date_hierarchy = "at"
    readonly_fields = ["tie", "action", "user", "at", "before", "after", "reverts"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TieProposal)
class TieProposalAdmin(admin.ModelAdmin):
    list_display = ["created_at", "municipality", "ward", "kind", "status"]
    list_filter = ["status", "kind", "ward"]
    search_fields = ["municipality__name", "ward__name", "note"]
    autocomplete_fields = ["ward", "municipality", "proposed_by", "decided_by", "tie"]
    list_select_related = ["municipality", "ward"]
    date_hierarchy = "created_at"


class ReadOnlyMixin:
    """Rounds are written by network/rounds.py from the desk and the board, never here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WardConfirmationInline(ReadOnlyMixin, admin.TabularInline):
    model = WardConfirmation
    fields = ["ward", "confirmed_at", "confirmed_by", "note", "last_reminded_at", "tie_count"]
    readonly_fields = fields
    extra = 0


@admin.register(ConfirmationRound)
class ConfirmationRoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "as_of", "deadline", "closed_at", "connected_municipalities"]
    inlines = [WardConfirmationInline]


@admin.register(WardConfirmation)
class WardConfirmationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["round", "ward", "confirmed_at", "last_reminded_at"]
    list_filter = ["round"]
    list_select_related = ["round", "ward"]
