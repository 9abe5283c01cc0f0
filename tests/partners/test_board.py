"""A partner organisation's member on the board: only the posts opened to partners, a reply and
a raised hand there, the collaboration that names them at 成立 and its rooms; never the rest."""

import pytest
from django.urls import reverse

from bulletin.models import Collaboration, HandRaise, Notification, NotificationKind, Reply
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.fanouts import fanouts_expand
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise
from members.models import OutgoingEmail
from partners.models import PartnerOrganisation
from tests.bulletin.conftest import post_proposal
from tests.bulletin.test_matching import call_data
from tests.factories import make_partner


@pytest.fixture
def npo(board):
    return make_partner(email="hanako@npo.example.jp")


@pytest.fixture
def calls(board):
    return {
        "open": call_submit(
            author=board.ward,
            data=call_data(title="子ども食堂の協力団体を募集", welcomes_partners=True),
        ),
        "closed": call_submit(author=board.ward, data=call_data(title="職員交流の相手を募集")),
    }


def test_a_partner_sees_only_the_posts_opened_to_partners(client, board, npo, calls):
    municipal = post_proposal(board.proposer)
    client.force_login(npo)
    listing = client.get(reverse("bulletin:proposal-list")).content.decode()
    assert "子ども食堂の協力団体を募集" in listing
    assert "職員交流の相手を募集" not in listing and municipal.title not in listing
    assert client.get(calls["open"].get_absolute_url()).status_code == 200
    assert client.get(calls["closed"].get_absolute_url()).status_code == 404
    assert client.get(municipal.get_absolute_url()).status_code == 404


def test_a_partner_replies_and_raises_a_hand_on_an_open_call(client, board, npo, calls):
    call = calls["open"]
    client.force_login(npo)
    response = client.post(
        reverse("bulletin:reply-create", args=[call.pk]), {"body": "協力できます"}
    )
    assert response.status_code == 302
    reply = Reply.objects.get(proposal=call)
    assert reply.organisation.name == "特定非営利活動法人 まちづくりネット"
    assert reply.municipality is None
    assert client.post(reverse("bulletin:hand-raise", args=[call.pk])).status_code == 302
    hand = HandRaise.objects.get(proposal=call)
    assert hand.organisation == reply.organisation and hand.ward is None
    # The calling ward is told, under the organisation's name.
    told = Notification.objects.filter(recipient=board.ward, kind=NotificationKind.HAND_RAISED)
    assert "まちづくりネット" in told.get().message
    page = client.get(call.get_absolute_url()).content.decode()
    assert "あなたの団体は手を挙げています。" in page
    # Not on the unflagged call.
    closed = calls["closed"]
    assert client.post(reverse("bulletin:hand-raise", args=[closed.pk])).status_code == 404
    assert (
        client.post(reverse("bulletin:reply-create", args=[closed.pk]), {"body": "x"}).status_code
        == 404
    )


def realize_with_partner(call, board, npo):
    hand_raise(proposal=call, user=npo)
    hand_raise(proposal=call, user=board.other)  # 白糠町 too: the call's room
    proposal_change_status(
        proposal=call,
        user=board.ward,
        to_status="realized",
        collaboration={
            "wards": [board.shiranuka],
            "partners": list(PartnerOrganisation.objects.all()),
            "summary": "子ども食堂を協働で",
            "fiscal_year": 2025,
        },
    )
    return Collaboration.objects.get(proposal=call)


def test_at_realized_the_collaboration_names_the_partner_and_its_pages_link_it(
    client, board, npo, calls
):
    collaboration = realize_with_partner(calls["open"], board, npo)
    organisation = PartnerOrganisation.objects.get()
    assert list(collaboration.partners.all()) == [organisation]
    page = client.get(collaboration.get_absolute_url()).content.decode()
    assert "連携団体" in page and organisation.get_absolute_url() in page
    directory = client.get(reverse("partners:organisation-list")).content.decode()
    assert collaboration.get_absolute_url() in directory and "参加した連携事業" in directory


def test_a_partner_that_did_not_raise_a_hand_cannot_be_named(board, npo, calls):
    from django.core.exceptions import ValidationError

    hand_raise(proposal=calls["open"], user=board.other)
    with pytest.raises(ValidationError):
        proposal_change_status(
            proposal=calls["open"],
            user=board.ward,
            to_status="realized",
            collaboration={
                "wards": [board.shiranuka],
                "partners": list(PartnerOrganisation.objects.all()),
                "summary": "x",
                "fiscal_year": 2025,
            },
        )


def test_the_partner_joins_the_collaborations_room(client, board, npo, calls):
    realize_with_partner(calls["open"], board, npo)
    room = calls["open"].rooms.get()
    client.force_login(npo)
    assert client.get(reverse("bulletin:room-list")).content.decode().count(room.get_absolute_url())
    assert client.get(room.get_absolute_url()).status_code == 200
    response = client.post(room.get_absolute_url(), {"body": "食材の手配を担当します"})
    assert response.status_code == 302
    message = room.messages.get()
    assert message.organisation.name == "特定非営利活動法人 まちづくりネット"
    assert not message.from_secretariat
    # The two municipal sides are told.
    assert Notification.objects.filter(
        recipient=board.ward, kind=NotificationKind.ROOM_MESSAGE
    ).exists()
    # Another organisation's member does not find the room.
    other = make_partner("株式会社 ちいき", kind="company", email="x@company.example.jp")
    client.force_login(other)
    assert client.get(room.get_absolute_url()).status_code == 404


def test_a_municipal_member_is_told_in_the_room_of_the_partners_message(board, npo, calls):
    from bulletin.services.rooms import room_recipients

    realize_with_partner(calls["open"], board, npo)
    room = calls["open"].rooms.get()
    assert npo in room_recipients(room, author=board.ward)


def test_a_partner_open_call_is_announced_to_partners_through_the_outbox(board, npo):
    pending = make_partner(
        "一般社団法人 まだ", kind="association", status="pending", email="p@x.jp"
    )
    OutgoingEmail.objects.all().delete()
    call_submit(
        author=board.ward, data=call_data(title="防災訓練の協力団体", welcomes_partners=True)
    )
    call_submit(author=board.ward, data=call_data(title="職員交流の相手"))
    fanouts_expand(batch_size=1)  # batches of one: the cursor goes through members and partners
    mailed = list(OutgoingEmail.objects.filter(to=npo.email))
    assert len(mailed) == 1 and "防災訓練の協力団体" in mailed[0].body
    assert not OutgoingEmail.objects.filter(to=pending.email).exists()
    # The municipalities in the target are told of both, as before.
    assert OutgoingEmail.objects.filter(to=board.other.email).count() == 2


def test_a_partner_never_reaches_the_desk_consultations_ties_or_interests(client, board, npo):
    client.force_login(npo)
    for name in [
        "bulletin:desk",
        "bulletin:consultation-list",
        "bulletin:consultation-create",
        "bulletin:tie-list",
        "bulletin:interest-profile",
        "bulletin:call-create",
        "bulletin:proposal-create",
        "bulletin:saved-search-list",
    ]:
        assert client.get(reverse(name)).status_code == 403, name
