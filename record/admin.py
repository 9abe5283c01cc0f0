from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from bulletin.attachments import MAX_BYTES, check_image, check_pdf
from core.changelists import SafeChangeListMixin
from core.forms import SlugFromTitleMixin

from .library import MAX_PUBLICATION_BYTES, pdf_page_count
from .models import (
    MemberCountFigure,
    NewsItem,
    NewsletterIssue,
    PartnerCountSnapshot,
    ProjectCount,
    Publication,
    RelationshipProject,
    StrategyPosition,
    TimelineEntry,
)


@admin.register(TimelineEntry)
class TimelineEntryAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["date", "sequence", "organ", "kind", "title", "event", "agreement_body"]
    list_filter = ["kind", "organ", "precision"]
    search_fields = ["title", "details", "organ"]
    date_hierarchy = "date"
    list_select_related = ["event", "agreement_body"]
    autocomplete_fields = ["event", "agreement_body", "corporate_agreement", "collaborations"]
    list_per_page = 50


@admin.register(PartnerCountSnapshot)
class PartnerCountSnapshotAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "fiscal_year_label",
        "as_of",
        "ward_partners",
        "hp_members",
        "agreement_members",
        "total",
    ]
    date_hierarchy = "as_of"
    search_fields = ["note"]

    @admin.display(description="年度", ordering="as_of")
    def fiscal_year_label(self, obj):
        return obj.fiscal_year_label


@admin.register(MemberCountFigure)
class MemberCountFigureAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["as_of", "label", "hp_members", "source"]
    date_hierarchy = "as_of"
    search_fields = ["label", "source", "note"]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["number", "title", "published_on"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_on"


@admin.register(StrategyPosition)
class StrategyPositionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "decided_on"]
    search_fields = ["title", "excerpt"]
    date_hierarchy = "decided_on"


@admin.register(ProjectCount)
class ProjectCountAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["label", "as_of", "ward_projects", "joint_projects", "total"]
    date_hierarchy = "as_of"
    search_fields = ["label", "note"]


@admin.register(RelationshipProject)
class RelationshipProjectAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "partner_area", "started_on"]
    search_fields = ["title", "partner_area", "summary"]
    autocomplete_fields = ["wards"]
    date_hierarchy = "started_on"


def _read_checked_pdf(upload, *, max_bytes: int) -> bytes:
    """A PDF checked as the board's attachments are (bulletin.attachments), or ValidationError."""
    name = (upload.name or "file.pdf").rsplit("/", 1)[-1][-200:]
    if upload.size == 0:
        raise forms.ValidationError(_("「%(name)s」は空のファイルです。") % {"name": name})
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("「%(name)s」は大きすぎます（%(limit)sMBまで）。")
            % {"name": name, "limit": max_bytes // (1024 * 1024)}
        )
    data = upload.read()
    return check_pdf(data, name).data


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = [
            "title",
            "category",
            "body",
            "state",
            "published_on",
            "date_precision",
            "ends_on",
            "image",
            "image_alt",
            "attachment",
        ]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("画像は10MBまでです。"))
        checked = check_image(upload.read(), upload.name)  # re-encoded: no EXIF or GPS
        return ContentFile(checked.data, name=f"image.{checked.extension}")

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        data = _read_checked_pdf(upload, max_bytes=MAX_BYTES)
        self.instance.attachment_name = upload.name.rsplit("/", 1)[-1][-200:]
        self.instance.attachment_size = len(data)
        return ContentFile(data, name="attachment.pdf")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("画像を載せるときは、画像の説明を入力してください。"))
        if cleaned.get("attachment") is False:  # "clear" ticked
            self.instance.attachment_name, self.instance.attachment_size = "", None
        return cleaned


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    form = NewsItemForm
    list_display = ["title", "category", "published_on", "ends_on", "state"]
    list_filter = ["state", "category"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_on"
    readonly_fields = ["attachment_name", "attachment_size"]
    fieldsets = [
        (None, {"fields": ["title", "category", "body", "state"]}),
        (None, {"fields": ["published_on", "date_precision", "ends_on"]}),
        (
            None,
            {"fields": ["image", "image_alt", "attachment", "attachment_name", "attachment_size"]},
        ),
    ]


class PublicationForm(SlugFromTitleMixin, forms.ModelForm):
    slug_date_field = "published_on"

    class Meta:
        model = Publication
        fields = [
            "slug",
            "title",
            "kind",
            "published_on",
            "precision",
            "summary",
            "file",
            "newsletter",
            "event",
            "agreement_body",
            "corporate_agreement",
            "text",
            "text_source",
            "online_page",
        ]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        data = _read_checked_pdf(upload, max_bytes=MAX_PUBLICATION_BYTES)
        self.instance.file_size = len(data)
        self.instance.pages = pdf_page_count(data)
        return ContentFile(data, name="publication.pdf")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") is False:
            self.instance.file_size = self.instance.pages = None
        return cleaned


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationForm
    list_display = ["title", "kind", "published_on", "has_file", "pages"]
    list_filter = ["kind"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_on"
    # No prepopulated slug (the admin's script made 「…第8号」 "8"): see PublicationForm.
    autocomplete_fields = ["newsletter", "event", "agreement_body", "corporate_agreement"]
    readonly_fields = ["file_size", "pages"]

    @admin.display(description=_("ファイル"), boolean=True)
    def has_file(self, obj):
        return bool(obj.file)
