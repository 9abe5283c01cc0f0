"""The roundtable's pages: public topics (with their public summaries), and the participants'
side: threads, documents, meeting registration; the secretariat's moderation."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from bulletin.permissions import can_use_board
from bulletin.views.mixins import apply_errors
from events.models import Audience
from members.permissions import approved_membership
from partners.permissions import partner_membership

from . import permissions, services
from .forms import MeetingRegistrationForm, ModerationForm, PostForm, ThreadForm
from .models import Meeting, Post, Thread, Topic, TopicDocument

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 50


class TopicListView(ListView):
    queryset = Topic.objects.for_listing()
    paginate_by = 20
    template_name = "roundtable/topic_list.html"


class TopicDetailView(DetailView):
    """Public: the topic, its meetings and public summaries. Participants and the secretariat
    also see the documents, the threads and the participants-only summaries."""

    model = Topic
    template_name = "roundtable/topic_detail.html"

    def get_context_data(self, **kwargs):
        user, topic = self.request.user, self.object
        inside = permissions.can_view_discussion(user)
        context = {
            "meetings": topic.meetings.for_topic_page(),
            "summaries": topic.summaries.visible_to(user),
            "inside": inside,
            "can_write": permissions.can_write(user, topic),
            "can_take_part": permissions.can_take_part(user),
        }
        if inside:
            threads = topic.threads.visible_to(user).for_listing()
            context["threads_page"] = Paginator(threads, THREADS_PER_PAGE).get_page(
                self.request.GET.get("page")
            )
            context["documents"] = topic.documents.all()
        if can_use_board(user):
            context["proposals"] = topic.proposals.filter(is_hidden=False).order_by("-pk")
        return super().get_context_data(**context, **kwargs)


class ParticipantMixin(AccessMixin):
    """Participants and the secretariat: visitors log in, other accounts get a 403 page; staff
    are sent to the second factor first (members.middleware.SecretariatMFAMiddleware)."""

    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            return render(request, "roundtable/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user) -> bool:
        return permissions.can_view_discussion(user)


class ThreadCreateView(ParticipantMixin, FormView):
    form_class = ThreadForm
    template_name = "roundtable/thread_form.html"

    @cached_property
    def topic(self) -> Topic:
        return get_object_or_404(Topic, pk=self.kwargs["pk"])

    def allowed(self, user) -> bool:
        return permissions.can_write(user, self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)

    def form_valid(self, form):
        try:
            thread = services.thread_start(
                topic=self.topic, author=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("スレッドを作成しました。"))
        return redirect(thread)


class ThreadDetailView(ParticipantMixin, FormView):
    """The thread and its replies; a reply is posted to the same address."""

    form_class = PostForm
    template_name = "roundtable/thread_detail.html"

    @cached_property
    def thread(self) -> Thread:
        thread = get_object_or_404(Thread.objects.select_related("topic"), pk=self.kwargs["pk"])
        if not permissions.can_view_thread(self.request.user, thread):
            raise Http404
        return thread

    def get_context_data(self, **kwargs):
        user, thread = self.request.user, self.thread
        posts = (
            thread.posts.all()
            if permissions.can_moderate(user)
            else thread.posts.filter(is_hidden=False)
        )
        return super().get_context_data(
            thread=thread,
            topic=thread.topic,
            posts_page=Paginator(posts, POSTS_PER_PAGE).get_page(self.request.GET.get("page")),
            can_write=permissions.can_write(user, thread.topic),
            can_moderate=permissions.can_moderate(user),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            post = services.post_reply(
                thread=self.thread, author=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("返信しました。"))
        return redirect(post)


class ModerateView(ParticipantMixin, FormView):
    """The secretariat hides a thread or a reply, or shows it again, with a reason."""

    form_class = ModerationForm
    template_name = "roundtable/moderation_form.html"
    model = None

    def allowed(self, user) -> bool:
        return permissions.can_moderate(user)

    @cached_property
    def target(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, **kwargs)

    def form_valid(self, form):
        target = self.target
        try:
            services.content_moderate(
                actor=self.request.user,
                target=target,
                hide=not target.is_hidden,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("表示を変更しました。"))
        return redirect(target)


class ThreadModerateView(ModerateView):
    model = Thread


class PostModerateView(ModerateView):
    model = Post


class DocumentDownloadView(ParticipantMixin, DetailView):
    model = TopicDocument

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=not document.content_type.startswith("image/"),
            filename=document.name,
            content_type=document.content_type,
        )
        # Participants' files: not cached by shared caches, never run as a page of this site.
        response["Cache-Control"] = "private, max-age=0"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class MeetingRegisterView(ParticipantMixin, FormView):
    """A participant registers for a meeting through the events app's registration."""

    form_class = MeetingRegistrationForm
    template_name = "roundtable/meeting_register.html"

    @cached_property
    def meeting(self) -> Meeting:
        return get_object_or_404(
            Meeting.objects.select_related("event", "topic"), pk=self.kwargs["pk"]
        )

    def allowed(self, user) -> bool:
        return permissions.can_register(user, self.meeting)

    def get_initial(self):
        user = self.request.user
        membership = approved_membership(user)
        if membership is not None:
            return {
                "name": membership.full_name,
                "organisation": f"{membership.municipality.name} {membership.department}",
                "email": user.email,
            }
        partner = partner_membership(user)
        if partner is not None:
            return {
                "name": partner.full_name,
                "organisation": f"{partner.organisation.name} {partner.department}",
                "email": user.email,
            }
        return {"email": user.email}

    def get_context_data(self, **kwargs):
        event = self.meeting.event
        confirmed = event.registrations.confirmed().count()
        return super().get_context_data(
            meeting=self.meeting,
            topic=self.meeting.topic,
            event=event,
            open=event.takes_registrations(),
            members_only=event.audience == Audience.MEMBERS,
            full=event.capacity is not None and confirmed >= event.capacity,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            registration = services.meeting_register(
                meeting=self.meeting, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if registration.status == "waiting":
            messages.success(self.request, _("キャンセル待ちとして受け付けました。"))
        else:
            messages.success(self.request, _("参加申込を受け付けました。"))
        return redirect(self.meeting)
