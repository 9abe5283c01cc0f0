"""調整ルーム: my rooms, a room (messages, files, contact cards), asking the secretariat in and
its joining, and the room's files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from core.limits import AcceptsUploads
from members.permissions import approved_membership
from partners.permissions import partner_membership

from .. import permissions
from ..forms.rooms import ContactCardForm, RoomMessageForm
from ..models import Room, RoomAttachment
from ..services.rooms import (
    contact_card_set,
    room_ask_secretariat,
    room_join,
    room_mark_read,
    room_open,
    room_post,
)
from .mixins import BoardAccessMixin, ProposalMixin, apply_errors

# The newest messages first; older ones a page further back ("以前のメッセージ").
MESSAGES_PER_PAGE = 50


class RoomListView(BoardAccessMixin, ListView):
    """The rooms of my municipality's side; for the secretariat, the rooms that asked it in."""

    partners_welcome = True
    template_name = "bulletin/room_list.html"
    paginate_by = 30

    def get_queryset(self):
        rooms = Room.objects.for_listing()
        if permissions.can_moderate(self.request.user):
            return rooms.asked_secretariat()
        membership = approved_membership(self.request.user)
        if membership is None:  # a partner organisation's member: its collaborations' rooms
            return rooms.of_partner(partner_membership(self.request.user).organisation_id)
        return rooms.of_municipality(membership.municipality)


class RoomOpenView(ProposalMixin, View):
    """From a raised hand to its room (opened now for a hand raised before rooms existed).
    A partner organisation's member reaches the rooms of a collaboration naming it; room_open
    checks who may see the room (404 to everybody else)."""

    partners_welcome = True

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        try:
            room = room_open(
                proposal=self.proposal, municipality_id=kwargs["municipality_pk"], user=request.user
            )
        except Room.DoesNotExist as error:
            raise Http404 from error
        return redirect(room)


class RoomMixin(BoardAccessMixin):
    """The room in the URL, for those who may see it; 404 to everybody else."""

    @cached_property
    def room(self) -> Room:
        room = get_object_or_404(
            Room.objects.select_related(
                "proposal__municipality__prefecture",
                "proposal__collaboration",
                "host__prefecture",
                "municipality__prefecture",
            ),
            pk=self.kwargs["pk"],
        )
        if not permissions.can_view_room(self.request.user, room):
            raise Http404
        return room

    def check_action_permission(self):
        self.room  # noqa: B018 (404 before anything else)


class RoomDetailView(AcceptsUploads, RoomMixin, FormView):
    partners_welcome = True
    form_class = RoomMessageForm
    template_name = "bulletin/room_detail.html"

    def post(self, request, *args, **kwargs):
        if not permissions.can_write_in_room(request.user, self.room):
            raise PermissionDenied(_("この調整ルームには書き込めません。"))
        return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        room_mark_read(room=self.room, user=request.user)
        return response

    def get_context_data(self, **kwargs):
        user, room = self.request.user, self.room
        party = permissions.is_room_party(user, room)
        cards = {card.municipality_id: card for card in room.contact_cards.all()}
        membership = approved_membership(user)
        own_id = membership.municipality_id if party and membership else None
        shown_cards = [
            (side, cards.get(side.pk))
            for side in room.sides()
            if side.pk != own_id and cards.get(side.pk) and cards[side.pk].shared
        ]
        messages_newest_first = (
            room.messages.select_related("author__membership", "municipality", "organisation")
            .prefetch_related("attachments")
            .order_by("-created_at", "-pk")
        )
        thread_page = Paginator(messages_newest_first, MESSAGES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context = {
            "room": room,
            "proposal": room.proposal,
            "thread": list(thread_page.object_list)[::-1],  # oldest first, as a thread reads
            "thread_page": thread_page,
            "can_write": permissions.can_write_in_room(user, room),
            "is_party": party,
            "can_join": permissions.can_join_room(user, room),
            "shown_cards": shown_cards,
        }
        if party and membership and context["can_write"]:
            context["card_form"] = ContactCardForm(instance=cards.get(own_id), prefix="card")
        return super().get_context_data(**context, **kwargs)

    def form_valid(self, form):
        try:
            room_post(
                room=self.room,
                author=self.request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("送信しました。相手の自治体に通知しました。"))
        return redirect(self.room)


class RoomContactView(RoomMixin, FormView):
    """A side's contact card: what it gives, and whether the other side sees it."""

    form_class = ContactCardForm
    prefix = "card"
    template_name = "bulletin/room_contact_form.html"
    http_method_names = ["post"]

    def check_action_permission(self):
        room = self.room
        if not (
            permissions.is_room_party(self.request.user, room)
            and permissions.can_write_in_room(self.request.user, room)
        ):
            raise PermissionDenied(_("この連絡先は変更できません。"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(room=self.room, proposal=self.room.proposal, **kwargs)

    def form_valid(self, form):
        contact_card_set(room=self.room, user=self.request.user, data=form.cleaned_data)
        if form.cleaned_data["shared"]:
            messages.success(self.request, _("連絡先を保存しました。相手の自治体に表示されます。"))
        else:
            messages.success(self.request, _("連絡先を保存しました（相手には表示されません）。"))
        return redirect(self.room)


class RoomAskSecretariatView(RoomMixin, View):
    """「事務局に参加を依頼」."""

    partners_welcome = True

    http_method_names = ["post"]

    def check_action_permission(self):
        if not permissions.is_room_party(self.request.user, self.room) or self.room.is_read_only:
            raise PermissionDenied(
                _("事務局への参加の依頼は、この調整ルームの自治体だけができます。")
            )

    def post(self, request, *args, **kwargs):
        room_ask_secretariat(room=self.room, user=request.user)
        messages.success(
            request, _("事務局に参加を依頼しました。事務局がこのルームを読めるようになります。")
        )
        return redirect(self.room)


class RoomJoinView(RoomMixin, View):
    """The secretariat joins a room it was asked into."""

    http_method_names = ["post"]

    def check_action_permission(self):
        if not permissions.can_join_room(self.request.user, self.room):
            raise PermissionDenied(_("この調整ルームには参加できません。"))

    def post(self, request, *args, **kwargs):
        room_join(room=self.room, user=request.user)
        messages.success(request, _("調整ルームに参加しました。"))
        return redirect(self.room)


class RoomAttachmentDownloadView(BoardAccessMixin, View):
    partners_welcome = True

    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            RoomAttachment.objects.select_related(
                "message__room__proposal__municipality",
                "message__room__host",
                "message__room__municipality",
            ),
            pk=kwargs["pk"],
        )
        if not permissions.can_view_room(request.user, attachment.message.room):
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not attachment.is_image,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        # As the board's files: not cached by shared caches, never run as a page of this site.
        response["Cache-Control"] = "private, max-age=0"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
