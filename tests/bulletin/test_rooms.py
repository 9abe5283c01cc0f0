"""調整ルーム: the private room of a post's municipality (坂井市) and the ward that raised its hand
(品川区). Who sees it, who is told of its messages, its files, its contact cards, and when it is
read-only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulletin.models import (
    ContactCard,
    HandRaise,
    Notification,
    NotificationKind,
    NotificationPreference,
    Proposal,
    Room,
    RoomAttachment,
    RoomMessage,
)
from bulletin.outbox import queue_digests
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.replies import hand_raise
from bulletin.services.rooms import room_post
from members.models import OutgoingEmail
from partners.models import PartnerOrganisation
from tests.factories import make_member, make_partner, make_ward, pass_second_factor

from .conftest import realize
from .test_attachments import image_bytes, minimal_pdf
from .test_permission_matrix import LOGIN, MFA, outcome


@pytest.fixture
def room(board, proposal):
    hand_raise(proposal=proposal, user=board.ward)
    Notification.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    return Room.objects.get(proposal=proposal, municipality=board.shinagawa)


@pytest.fixture
def people(board):
    meguro = make_ward("目黒区", "131105", "メグロク")
    return {
        "pending": board.pending,
        "post_side": board.proposer,
        "post_colleague": board.colleague,
        "hand_side": board.ward,
        "hand_colleague": make_member(board.shinagawa, email="shinagawa2@example.jp"),
        "third": board.other,
        "third_ward": make_member(meguro, email="meguro@example.jp"),
        "former": make_member(board.shinagawa, status="deactivated", email="former@example.jp"),
    }


def login(client, board, people, role):
    if role in ("secretariat", "secretariat_asked", "secretariat_joined"):
        pass_second_factor(client, board.secretariat)
    elif role == "password_only":
        client.force_login(board.secretariat)
    elif role == "partner":
        client.force_login(make_partner(email="npo@example.jp"))
    elif role in ("partner_party", "partner_other") or role != "anonymous":
        client.force_login(people[role])


NAMED_NPO, OTHER_NPO = "特定非営利活動法人 まちづくりネット", "一般社団法人 地域の未来"


def realize_with_partners(board, room) -> dict:
    """The post is opened to partners, two NPOs raise a hand, and 成立 names the first one
    (with 品川区): its member is a party to the room, the other NPO's member is not."""
    proposal = room.proposal
    proposal.welcomes_partners = True
    proposal.save(update_fields=["welcomes_partners"])
    named = make_partner(NAMED_NPO, email="named@npo.example.jp")
    other = make_partner(OTHER_NPO, email="other@npo.example.jp")
    hand_raise(proposal=proposal, user=named)
    hand_raise(proposal=proposal, user=other)
    proposal_change_status(proposal=proposal, user=board.proposer, to_status="coordinating")
    proposal_change_status(
        proposal=proposal,
        user=board.proposer,
        to_status="realized",
        collaboration={
            "wards": [board.shinagawa],
            "partners": [PartnerOrganisation.objects.get(name=NAMED_NPO)],
            "summary": "水族館でPR",
            "fiscal_year": 2025,
        },
    )
    return {"partner_party": named, "partner_other": other}


def ask_and_join(client, board, room, role):
    """Before the role acts: a side asks the secretariat in, and (joined) the secretariat joins."""
    if role not in ("secretariat_asked", "secretariat_joined", "password_only"):
        return
    client.force_login(board.proposer)
    assert client.post(reverse("bulletin:room-ask-secretariat", args=[room.pk])).status_code == 302
    if role == "secretariat_joined":
        pass_second_factor(client, board.secretariat)
        assert client.post(reverse("bulletin:room-join", args=[room.pk])).status_code == 302
    client.logout()


ROLES = [
    "anonymous",
    "pending",
    "post_side",
    "post_colleague",
    "hand_side",
    "hand_colleague",
    "third",
    "third_ward",
    "former",
    "secretariat",
    "secretariat_asked",
    "secretariat_joined",
    "password_only",
    "partner",
    "partner_party",
    "partner_other",
]
# partner: an NPO's member, no hand raised; partner_party: an NPO the collaboration born of the
# post names (after 成立); partner_other: an NPO that raised its hand but was not named.
# Contact cards and joining are not partners' pages (cards are a municipality's side; joining
# is the secretariat's): the board's 403 page for every partner, before the room is looked up.
# secretariat: not asked in; secretariat_asked: asked, not joined; secretariat_joined: joined.
# password_only: the secretariat asked in, without the second factor in this session.
# A pending or former member cannot use the board at all (its 403 page, as every board page).
MATRIX = {
    #               anon pend post coll hand hcol third 3ward former sec  asked joined pw  npo  npo+ npo-
    "list":         (LOGIN, 403, 200, 200, 200, 200, 200, 200, 403, 200, 200, 200, MFA, 200, 200, 200),
    "detail":       (LOGIN, 403, 200, 200, 200, 200, 404, 404, 403, 404, 200, 200, MFA, 404, 200, 404),
    "post":         (LOGIN, 403, 302, 302, 302, 302, 404, 404, 403, 404, 403, 302, MFA, 404, 302, 404),
    "contact":      (LOGIN, 403, 302, 302, 302, 302, 404, 404, 403, 404, 403, 403, MFA, 403, 403, 403),
    "ask":          (LOGIN, 403, 302, 302, 302, 302, 404, 404, 403, 404, 403, 403, MFA, 404, 302, 404),
    "join":         (LOGIN, 403, 403, 403, 403, 403, 404, 404, 403, 404, 302, 403, MFA, 403, 403, 403),
    "open":         (LOGIN, 403, 302, 302, 302, 302, 404, 404, 403, 404, 302, 302, MFA, 404, 302, 404),
    "attachment":   (LOGIN, 403, 200, 200, 200, 200, 404, 404, 403, 404, 200, 200, MFA, 404, 200, 404),
}  # fmt: skip


def act(action, client, room, attachment):
    url = room.get_absolute_url()
    if action == "list":
        return client.get(reverse("bulletin:room-list"))
    if action == "detail":
        return client.get(url)
    if action == "post":
        return client.post(url, {"body": "日程の候補です"})
    if action == "contact":
        return client.post(
            reverse("bulletin:room-contact", args=[room.pk]),
            {"card-department": "観光課", "card-phone": "0776-00-0000", "card-shared": "on"},
        )
    if action == "ask":
        return client.post(reverse("bulletin:room-ask-secretariat", args=[room.pk]))
    if action == "join":
        return client.post(reverse("bulletin:room-join", args=[room.pk]))
    if action == "open":
        return client.get(
            reverse("bulletin:room-open", args=[room.proposal_id, room.municipality_id])
        )
    if action == "attachment":
        return client.get(attachment.get_absolute_url())
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_room_permission_matrix(client, board, people, room, role, action):
    message = room_post(
        room=room,
        author=board.proposer,
        body="資料です",
        attachments=[],
    )
    attachment = RoomAttachment(
        message=message, name="a.png", content_type="image/png", size=len(image_bytes("PNG"))
    )
    from django.core.files.base import ContentFile

    attachment.file.save("a.png", ContentFile(image_bytes("PNG")), save=True)
    if role in ("partner_party", "partner_other"):
        people.update(realize_with_partners(board, room))
    ask_and_join(client, board, room, role)
    login(client, board, people, role)
    response = act(action, client, room, attachment)
    response.close()  # a file download's open file
    assert outcome(response) == MATRIX[action][ROLES.index(role)], response


def test_a_third_member_finds_nothing_of_the_room_anywhere(client, board, people, room):
    room_post(room=room, author=board.proposer, body="非公開の打ち合わせ")
    client.force_login(people["third"])
    assert "非公開の打ち合わせ" not in client.get(reverse("bulletin:room-list")).content.decode()
    assert client.get(room.get_absolute_url()).status_code == 404
    page = client.get(room.proposal.get_absolute_url()).content.decode()
    assert reverse("bulletin:room-open", args=[room.proposal_id, board.shinagawa.pk]) not in page
    assert not Notification.objects.filter(recipient=people["third"]).exists()


def test_raising_a_hand_opens_one_room_per_pair_and_the_page_links_it(client, board, proposal):
    hand_raise(proposal=proposal, user=board.ward)
    hand_raise(proposal=proposal, user=board.ward)
    assert Room.objects.filter(proposal=proposal).count() == 1
    link = reverse("bulletin:room-open", args=[proposal.pk, board.shinagawa.pk])
    for user in (board.proposer, board.ward):
        client.force_login(user)
        assert link in client.get(proposal.get_absolute_url()).content.decode()
        response = client.get(link)
        assert response["Location"] == Room.objects.get().get_absolute_url()


def test_a_hand_raised_before_rooms_gets_its_room_when_opened(client, board, proposal):
    HandRaise.objects.create(proposal=proposal, ward=board.shinagawa, raised_by=board.ward)
    assert not Room.objects.exists()
    client.force_login(board.proposer)
    response = client.get(reverse("bulletin:room-open", args=[proposal.pk, board.shinagawa.pk]))
    assert response.status_code == 302
    assert Room.objects.get().municipality == board.shinagawa
    # Without a hand there is no room to open.
    assert (
        client.get(
            reverse("bulletin:room-open", args=[proposal.pk, board.shiranuka.pk])
        ).status_code
        == 404
    )


def test_a_message_tells_every_other_member_of_the_room_once(client, board, people, room):
    NotificationPreference.objects.create(user=people["hand_colleague"], delivery="digest")
    client.force_login(board.proposer)
    response = client.post(room.get_absolute_url(), {"body": "来週お電話します"})
    assert response.status_code == 302
    told = Notification.objects.filter(kind=NotificationKind.ROOM_MESSAGE)
    recipients = sorted(told.values_list("recipient__email", flat=True))
    assert recipients == sorted(
        ["sakai2@example.jp", "shinagawa@example.jp", "shinagawa2@example.jp"]
    )
    assert not told.filter(recipient=board.proposer).exists()
    assert all(n.target_url() == room.get_absolute_url() for n in told)
    # Mail now for those who want it now, in the outbox; the digest for the other.
    mailed = sorted(OutgoingEmail.objects.values_list("to", flat=True))
    assert mailed == ["sakai2@example.jp", "shinagawa@example.jp"]
    mail = OutgoingEmail.objects.get(to="shinagawa@example.jp")
    assert "来週お電話します" in mail.body
    assert room.get_absolute_url() in mail.body
    assert queue_digests() == 1
    digest = OutgoingEmail.objects.get(to="shinagawa2@example.jp")
    assert room.get_absolute_url() in digest.body


def test_the_secretariat_reads_when_asked_and_is_told_once_joined(client, board, people, room):
    pass_second_factor(client, board.secretariat)
    assert client.get(room.get_absolute_url()).status_code == 404
    client.force_login(board.ward)
    client.post(reverse("bulletin:room-ask-secretariat", args=[room.pk]))
    assert OutgoingEmail.objects.filter(subject__contains="調整ルームへの参加の依頼").exists()
    pass_second_factor(client, board.secretariat)
    page = client.get(reverse("bulletin:room-list")).content.decode()
    assert room.get_absolute_url() in page
    assert client.post(room.get_absolute_url(), {"body": "事務局です"}).status_code == 403
    client.post(reverse("bulletin:room-join", args=[room.pk]))
    assert client.post(room.get_absolute_url(), {"body": "事務局です"}).status_code == 302
    assert RoomMessage.objects.get(body="事務局です").from_secretariat
    # The sides are told of the secretariat's message; then the secretariat of theirs.
    assert Notification.objects.filter(recipient=board.proposer).count() == 1
    client.force_login(board.proposer)
    client.post(room.get_absolute_url(), {"body": "ありがとうございます"})
    assert Notification.objects.filter(recipient=board.secretariat).count() == 1


def test_contact_cards_are_seen_by_the_other_side_only_when_shared(client, board, room):
    client.force_login(board.ward)
    url = reverse("bulletin:room-contact", args=[room.pk])
    client.post(url, {"card-department": "文化観光課", "card-phone": "03-5742-0000"})
    client.force_login(board.proposer)
    assert "文化観光課" not in client.get(room.get_absolute_url()).content.decode()
    client.force_login(board.ward)
    client.post(
        url,
        {"card-department": "文化観光課", "card-phone": "03-5742-0000", "card-shared": "on"},
    )
    assert ContactCard.objects.get().municipality == board.shinagawa
    client.force_login(board.proposer)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "文化観光課" in page and "03-5742-0000" in page
    # A bad address is a form error, nothing saved.
    client.force_login(board.ward)
    response = client.post(url, {"card-email": "not an address", "card-shared": "on"})
    assert response.status_code == 200 and response.context["form"].errors
    assert ContactCard.objects.get().department == "文化観光課"


def test_attachments_are_checked_as_the_boards_are(client, board, room):
    client.force_login(board.ward)
    scripted = minimal_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
    response = client.post(
        room.get_absolute_url(),
        {
            "body": "資料を添付します",
            "attachments": [SimpleUploadedFile("plan.pdf", scripted, "application/pdf")],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"]
    assert not RoomMessage.objects.exists() and not RoomAttachment.objects.exists()
    assert not Notification.objects.exists()
    response = client.post(
        room.get_absolute_url(),
        {
            "body": "資料を添付します",
            "attachments": [
                SimpleUploadedFile("plan.pdf", minimal_pdf(), "application/pdf"),
                SimpleUploadedFile("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
            ],
        },
    )
    assert response.status_code == 302
    assert sorted(RoomAttachment.objects.values_list("name", flat=True)) == [
        "photo.jpg",
        "plan.pdf",
    ]
    photo = RoomAttachment.objects.get(name="photo.jpg")
    download = client.get(photo.get_absolute_url())
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"CameraMaker" not in b"".join(download.streaming_content)
    download.close()


def test_the_room_stays_open_after_realized_and_is_read_only_once_closed(client, board, proposal):
    realize(proposal, board)  # 品川区 raises its hand, then 成立
    room = Room.objects.get()
    client.force_login(board.ward)
    assert client.post(room.get_absolute_url(), {"body": "実施に向けて"}).status_code == 302
    assert RoomMessage.objects.filter(body="実施に向けて").exists()

    other = HandRaise.objects.create  # noqa: F841 (a second post, closed without 成立)
    from .conftest import post_proposal

    closed = post_proposal(board.proposer, title="別の提案")
    hand_raise(proposal=closed, user=board.ward)
    proposal_change_status(proposal=closed, user=board.proposer, to_status="closed")
    closed_room = Room.objects.get(proposal=closed)
    page = client.get(closed_room.get_absolute_url())
    assert page.status_code == 200
    assert "閲覧のみ" in page.content.decode() and page.context["can_write"] is False
    assert client.post(closed_room.get_absolute_url(), {"body": "まだ書ける？"}).status_code == 403
    contact = reverse("bulletin:room-contact", args=[closed_room.pk])
    assert client.post(contact, {"card-department": "課"}).status_code == 403
    assert not RoomMessage.objects.filter(room=closed_room).exists()


def test_after_realized_the_room_links_to_its_collaborations_page(client, board, room):
    client.force_login(board.ward)
    assert "成立した連携事業" not in client.get(room.get_absolute_url()).content.decode()
    realize(room.proposal, board)
    collaboration = room.proposal.collaboration
    page = client.get(room.get_absolute_url()).content.decode()
    assert f'<a href="{collaboration.get_absolute_url()}">{collaboration.title}</a>' in page
    # Not to a page that is not public (the post hidden by the secretariat).
    Proposal.objects.filter(pk=room.proposal_id).update(is_hidden=True, hidden_reason="確認中")
    response = client.get(room.get_absolute_url())
    assert response.status_code == 200 and "調整ルーム" in response.content.decode()
    assert collaboration.get_absolute_url() not in response.content.decode()


def test_the_room_is_read_only_once_its_collaboration_is_completed(client, board, proposal):
    import datetime

    realize(proposal, board)
    room = Room.objects.get()
    collaboration = proposal.collaboration
    collaboration.state = "completed"
    collaboration.ended_on = datetime.date(2026, 3, 31)
    collaboration.save()
    client.force_login(board.ward)
    page = client.get(room.get_absolute_url())
    assert "閲覧のみ" in page.content.decode() and page.context["can_write"] is False
    assert client.post(room.get_absolute_url(), {"body": "まだ書ける？"}).status_code == 403
    assert not RoomMessage.objects.filter(body="まだ書ける？").exists()


def _page_queries(client, room) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(room.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_room_page_costs_the_same_queries_with_2_or_40_messages(client, board, room):
    for index in range(2):
        room_post(room=room, author=board.ward, body=f"メッセージ{index}")
    client.force_login(board.proposer)
    few = _page_queries(client, room)
    for index in range(38):
        room_post(room=room, author=board.proposer, body=f"追加{index}")
    assert _page_queries(client, room) == few


def test_a_long_thread_shows_the_newest_50_and_pages_back_to_the_first(client, board, room):
    RoomMessage.objects.bulk_create(
        RoomMessage(room=room, author=board.ward, municipality=board.shinagawa, body=f"連絡{n:03}")
        for n in range(120)
    )
    client.force_login(board.proposer)
    url = room.get_absolute_url()
    newest = client.get(url)
    assert newest.status_code == 200
    page = newest.content.decode()
    # The newest 50, oldest first; a link back to the earlier ones, none forward.
    assert "連絡070" in page and "連絡119" in page and "連絡069" not in page
    assert page.index("連絡070") < page.index("連絡119")
    assert 'href="?page=2" rel="next"' in page and "以前のメッセージを見る（全120件）" in page
    assert 'rel="prev"' not in page.split('id="messages-heading"')[1]
    middle = client.get(url, {"page": "2"}).content.decode()
    assert "連絡020" in middle and "連絡069" in middle and "連絡070" not in middle
    oldest = client.get(url, {"page": "3"})
    assert oldest.status_code == 200
    body = oldest.content.decode()
    assert "連絡000" in body and "連絡019" in body and "連絡020" not in body
    assert 'href="?page=2" rel="prev"' in body and "以前のメッセージを見る" not in body
    # A page that is not a number, or past the end, is the newest or the oldest page.
    for bad, shown in (("abc", "連絡119"), ("-1", "連絡000"), ("99999", "連絡000")):
        response = client.get(url, {"page": bad})
        assert response.status_code == 200 and shown in response.content.decode(), bad


def test_the_room_pages_read_in_english(client, board, room):
    room_post(room=room, author=board.ward, body="日程の候補です")
    list_url, room_url = reverse("bulletin:room-list"), room.get_absolute_url()
    client.force_login(board.proposer)
    listing = client.get("/en" + list_url).content.decode()
    assert "Coordination room" in listing and "調整ルーム" not in listing
    page = client.get("/en" + room_url).content.decode()
    for english in ("Ask the secretariat to join", "Send a message", "Save the contact card"):
        assert english in page
    for japanese in ("事務局に参加を依頼", "メッセージを送る", "連絡先を保存する"):
        assert japanese not in page
