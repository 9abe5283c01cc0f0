"""Query counts of the board's member pages at two data sizes, beside those already guarded
elsewhere (the board home for a ward member in test_views.py, a proposal page in test_views.py,
the desk in test_results_reminders.py and network/test_ward_register.py, マイページ in
test_mypage_desk.py, the public collaboration page in test_collaboration_results.py): a later page
of the board, the board home for a town's member, a ward's home as its ties grow, and a private
room with ten times the messages."""

from django.core.files.base import ContentFile
from django.urls import reverse

from bulletin.models import Notification, Room, RoomAttachment
from bulletin.services.interests import interest_profile_set
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise
from bulletin.services.rooms import contact_card_set, room_post
from members.models import OutgoingEmail
from network.models import Tie, TieKind
from tests.factories import make_body, make_member, make_municipality, make_ward

from .conftest import post_proposal
from .test_attachments import image_bytes
from .test_matching import call_data
from .test_views import many_proposals

LIST_URL = reverse("bulletin:proposal-list")


def test_a_later_page_of_the_board_costs_the_same_at_60_and_600_proposals(
    client, board, assert_queries_constant
):
    client.force_login(board.ward)
    second, last_but_one = assert_queries_constant(
        LIST_URL,
        lambda start, stop: many_proposals(board, start, stop),
        small=60,
        large=600,
        # A later page has no suggestions: the session, the member and the municipality, the
        # count, the page's ids and rows with their counts, its wanted wards and call targets,
        # and the notifications' badge (the filter's choices and the banner are kept per stamp).
        max_queries=9,
        params=[{"page": 2}, {"page": 2, "q": "提案", "field": "tourism"}],
        warm_up=True,
    )
    assert [p.title for p in second.context["object_list"]][0] == "提案579"
    assert second.context["paginator"].num_pages == 30
    assert "600件の提案" in last_but_one.content.decode()


def test_a_towns_board_home_costs_the_same_whatever_the_calls_and_ties(
    client, board, assert_queries_constant
):
    """白糠町's member: the calls addressed to 北海道's 町村会, ties of wards with 白糠町, and an
    interest profile make suggestions; ten times more of each costs no more queries."""
    towns = make_body(board.shiranuka.prefecture, "towns")
    interest_profile_set(user=board.other, fields=["industry"], regions=[])
    client.force_login(board.other)

    def grow(index):
        ward = make_ward(f"区{index}", f"9{index:05d}")
        caller = make_member(ward, email=f"ward{index}@example.jp")
        call_submit(author=caller, data=call_data(title=f"募集{index}", target_body=towns))
        tie = Tie.objects.create(slug=f"tie-{index}", ward=ward, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.shiranuka])
        post_proposal(board.proposer, title=f"坂井市の提案{index}", field="industry")

    (home,) = assert_queries_constant(LIST_URL, grow, small=3, large=30, max_queries=20)
    section = home.content.decode().split('id="suggestions-heading"')[1].split("</section>")[0]
    assert "募集29" in section


def test_a_wards_board_home_costs_the_same_as_its_ties_grow(client, board, assert_queries_constant):
    """品川区's member: ties with ten times the municipalities (some quiet, some posting) and
    their proposals: the suggestions and the quiet ties cost a fixed number of queries."""
    tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
    client.force_login(board.ward)

    def grow(index):
        partner = make_municipality(
            f"連携{index}市", prefecture=board.sakai.prefecture, kind="city"
        )
        tie.municipalities.add(partner)
        if index % 2:
            author = make_member(partner, email=f"partner{index}@example.jp")
            post_proposal(author, title=f"交流先の提案{index}")

    # test_views.py's 19 without ties, and the quiet ties' partners, busy posts and
    # collaborations (3), and the open disasters' banner (1).
    (home,) = assert_queries_constant(LIST_URL, grow, small=4, large=40, max_queries=23)
    page = home.content.decode()
    section = page.split('id="suggestions-heading"')[1].split("</section>")[0]
    assert "交流先の提案39" in section and "既存の交流あり" in section


def test_a_room_costs_the_same_with_10_and_100_messages(
    client, board, proposal, assert_queries_constant
):
    hand_raise(proposal=proposal, user=board.ward)
    Notification.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    room = Room.objects.get(proposal=proposal, municipality=board.shinagawa)
    contact_card_set(
        room=room,
        user=board.ward,
        data={
            "department": "地域活性化課",
            "phone": "03-0000-0000",
            "email": "hanako@example.jp",
            "shared": True,
        },
    )

    def grow(index):
        author = board.ward if index % 2 else board.proposer
        message = room_post(room=room, author=author, body=f"メッセージ{index}")
        if index % 10 == 0:
            attachment = RoomAttachment(
                message=message, name=f"{index}.png", content_type="image/png", size=1
            )
            attachment.file.save(f"{index}.png", ContentFile(image_bytes("PNG")), save=True)

    client.force_login(board.proposer)
    room_page, room_list = assert_queries_constant(
        lambda url: client.get(url),
        grow,
        small=10,
        large=100,
        max_queries=20,
        params=[room.get_absolute_url(), reverse("bulletin:room-list")],
    )
    page = room_page.content.decode()
    assert "メッセージ99" in page and "90.png" in page
    assert "hanako@example.jp" in page
