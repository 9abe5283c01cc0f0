from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin

from . import services
from .forms import TopicDocumentForm
from .models import Meeting, Post, Summary, Thread, Topic, TopicDocument


class TopicDocumentInline(admin.TabularInline):
    model = TopicDocument
    form = TopicDocumentForm
    extra = 0
    fields = ["file", "name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["name", "content_type", "size", "uploaded_at"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    autocomplete_fields = ["event"]


@admin.register(Topic)
class TopicAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "status", "opened_at"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    date_hierarchy = "opened_at"
    autocomplete_fields = ["proposals"]
    exclude = ["opened_by"]
    inlines = [TopicDocumentInline, MeetingInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.opened_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is TopicDocument:
            for document in formset.save(commit=False):
                if document.uploaded_by_id is None:
                    document.uploaded_by = request.user
                document.save()
            for document in formset.deleted_objects:
                document.delete()
            return
        if formset.model is Meeting:
            # A new meeting is announced to the participants (the service's mail).
            for meeting in formset.save(commit=False):
                if meeting.pk is None:
                    services.meeting_add(
                        topic=form.instance, event=meeting.event, actor=request.user
                    )
                else:
                    meeting.save()
            for meeting in formset.deleted_objects:
                meeting.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Summary)
class SummaryAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "topic", "kind", "visibility", "published_at"]
    list_filter = ["kind", "visibility", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body", "topic__title"]
    list_select_related = ["topic"]
    # A plain list: topics are few, and the form is filled without JavaScript.
    readonly_fields = ["published_at", "published_by"]
    date_hierarchy = "created_at"
    actions = ["publish", "withdraw"]

    @admin.action(description=_("選んだまとめ・議事録を公開する"))
    def publish(self, request, queryset):
        for summary in queryset:
            services.summary_publish(summary=summary, actor=request.user)
        self.message_user(request, _("公開しました。"), messages.SUCCESS)

    @admin.action(description=_("選んだまとめ・議事録を下書きに戻す"))
    def withdraw(self, request, queryset):
        for summary in queryset:
            services.summary_withdraw(summary=summary, actor=request.user)
        self.message_user(request, _("下書きに戻しました。"), messages.SUCCESS)


class ContributionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Read in the admin; hidden and restored through the portal's moderation pages."""

    list_filter = ["is_hidden"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(ContributionAdmin):
    list_display = ["title", "topic", "author_label", "created_at", "is_hidden"]
    search_fields = ["title", "body", "author_label", "topic__title"]
    list_select_related = ["topic"]


@admin.register(Post)
class PostAdmin(ContributionAdmin):
    list_display = ["__str__", "thread", "author_label", "created_at", "is_hidden"]
    search_fields = ["body", "author_label", "thread__title"]
    list_select_related = ["thread"]
