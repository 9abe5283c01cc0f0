"""マイページ is the member's desk: what waits for this member, section by section (issue 22).

坂井市 posts, 品川区 (a ward) answers, 白糠町 is a third municipality that sees none of it.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from bulletin.models import Collaboration, HandRaise, Room, RoomMessage
from bulletin.services.consultations import consultation_open
from bulletin.services.interests import follow_set, saved_search_create
from events.registrations import Registration, RegistrationStatus
from network.models import Tie, TieKind
from tests.factories import make_event

from .conftest import post_proposal

MYPAGE = reverse("members:mypage")


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(MYPAGE)
    assert response.status_code == 200
    return response.content.decode()


def section(body: str, slug: str) -> str:
    """The HTML of one section of マイページ ('' if the page does not show it)."""
    start = body.find(f'id="mypage-{slug}"')
    if start == -1:
        return ""
    return body[start : body.index("</section>", start)]


def room_with_message(board, title="黄金がにのPRイベントを一緒に"):
    proposal = post_proposal(board.proposer, title=title)
    HandRaise.objects.create(proposal=proposal, ward=board.shinagawa)
    room = Room.objects.create(proposal=proposal, municipality=board.shinagawa)
    RoomMessage.objects.create(
        room=room, author=board.proposer, municipality=board.sakai, body="日程を相談させてください"
    )
    return room


def test_unread_rooms_for_each_side_and_never_for_a_third(client, board):
    room = room_with_message(board)
    ward_rooms = section(page(client, board.ward), "rooms")
    assert room.get_absolute_url() in ward_rooms and "未読 1 件" in ward_rooms
    # The colleague of the writer has not read it either; the writer has.
    assert room.get_absolute_url() in section(page(client, board.colleague), "rooms")
    assert room.get_absolute_url() not in page(client, board.proposer)
    # 白糠町's member sees no trace of the room.
    other = page(client, board.other)
    assert room.get_absolute_url() not in other
    assert "未読のメッセージはありません" in section(other, "rooms")


def test_opening_the_room_brings_its_unread_count_to_zero(client, board):
    room = room_with_message(board)
    assert room.get_absolute_url() in section(page(client, board.ward), "rooms")
    assert client.get(room.get_absolute_url()).status_code == 200
    rooms = section(page(client, board.ward), "rooms")
    assert room.get_absolute_url() not in rooms and "未読のメッセージはありません" in rooms
    # A new message from the other side is unread again.
    RoomMessage.objects.create(
        room=room,
        author=board.colleague,
        municipality=board.sakai,
        body="追伸",
    )
    RoomMessage.objects.filter(body="追伸").update(
        created_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert "未読 1 件" in section(page(client, board.ward), "rooms")


def test_own_open_posts_with_their_hands_and_the_hands_the_ward_raised(client, board):
    post = post_proposal(board.proposer, title="水族館でのPR")
    HandRaise.objects.create(proposal=post, ward=board.shinagawa)
    own = section(page(client, board.colleague), "own-posts")
    assert "水族館でのPR" in own and "手を挙げた自治体 1" in own
    assert "水族館でのPR" in section(page(client, board.ward), "hands")
    # Another town neither owns it nor raised a hand.
    other = page(client, board.other)
    assert "水族館でのPR" not in section(other, "own-posts")
    assert "水族館でのPR" not in section(other, "hands")


def test_posts_addressed_to_the_ward(client, board):
    post_proposal(board.proposer, title="どの区でも歓迎の提案")
    assert "どの区でも歓迎の提案" in section(page(client, board.ward), "addressed")
    # A proposal is for the wards: not addressed to 白糠町.
    assert "どの区でも歓迎の提案" not in section(page(client, board.other), "addressed")


def test_followed_posts_consultations_and_saved_searches_are_the_members_own(client, board):
    post = post_proposal(board.proposer, title="ワッチされる提案")
    follow_set(user=board.ward, proposal=post, following=True)
    consultation_open(author=board.ward, subject="品川区の相談", body="教えてください")
    saved_search_create(user=board.ward, name="観光の提案", query="field=tourism")
    ward = page(client, board.ward)
    assert "ワッチされる提案" in section(ward, "followed")
    assert "品川区の相談" in section(ward, "consultations")
    assert "観光の提案" in section(ward, "saved-searches")
    other = page(client, board.other)
    for slug, text in (
        ("followed", "ワッチされる提案"),
        ("consultations", "品川区の相談"),
        ("saved-searches", "観光の提案"),
    ):
        assert text not in section(other, slug)
    assert "相談はありません" in section(other, "consultations")


def test_registrations_show_the_waiting_position_and_a_cancel_link(client, board):
    event = make_event(
        "全国連携講演会",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        status="scheduled",
    )
    for index in range(2):
        Registration.objects.create(
            event=event,
            status=RegistrationStatus.WAITING,
            name="先の人",
            email=f"first{index}@example.jp",
        )
    mine = Registration.objects.create(
        event=event,
        status=RegistrationStatus.WAITING,
        name="品川 花子",
        email=board.ward.email,
        user=board.ward,
    )
    registrations = section(page(client, board.ward), "registrations")
    assert "全国連携講演会" in registrations
    assert "キャンセル待ち 3 番目" in registrations
    assert mine.get_cancel_url() in registrations
    assert mine.get_cancel_url() not in page(client, board.other)


def test_a_ward_member_sees_the_wards_ties_and_collaborations_a_town_only_its_own(client, board):
    tie = Tie.objects.create(slug="shinagawa-sakai", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
    tie.municipalities.add(board.sakai)
    collaboration = Collaboration.objects.create(
        slug="c-1",
        title="坂井と品川の観光交流",
        summary="…",
        field="tourism",
        prefecture=board.sakai.prefecture,
        fiscal_year=2025,
    )
    collaboration.wards.add(board.shinagawa)
    collaboration.municipalities.add(board.sakai)
    ward = page(client, board.ward)
    assert "坂井市" in section(ward, "ward-ties")
    assert "坂井と品川の観光交流" in section(ward, "collaborations")
    # 坂井市 is a party too: its member finds the collaboration (where it writes the progress),
    # never the ward's ties; 白糠町, party to none, is not shown the section at all.
    town = page(client, board.proposer)
    assert section(town, "ward-ties") == ""
    assert "自治体の連携事業" in section(town, "collaborations")
    assert collaboration.get_absolute_url() in section(town, "collaborations")
    other = page(client, board.other)
    assert section(other, "ward-ties") == "" and section(other, "collaborations") == ""


def test_a_busy_wards_page_reads_a_fixed_number_of_queries(client, board, assert_queries_constant):
    client.force_login(board.ward)
    event = make_event(
        "講演会", start_date=timezone.localdate() + datetime.timedelta(days=30), status="scheduled"
    )

    def grow(index):
        post = post_proposal(board.proposer, title=f"提案{index}")
        HandRaise.objects.create(proposal=post, ward=board.shinagawa)
        room = Room.objects.create(proposal=post, municipality=board.shinagawa)
        RoomMessage.objects.create(room=room, author=board.proposer, body="こんにちは")
        follow_set(user=board.ward, proposal=post, following=True)
        saved_search_create(user=board.ward, name=f"検索{index}", query=f"q={index}")
        consultation_open(author=board.ward, subject=f"相談{index}", body="本文")
        own = post_proposal(board.ward, title=f"区の募集{index}")
        HandRaise.objects.create(proposal=own, ward=board.sakai)
        tie = Tie.objects.create(slug=f"tie-{index}", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.add(board.sakai)
        collaboration = Collaboration.objects.create(
            slug=f"c-{index}",
            title=f"事業{index}",
            summary="…",
            field="tourism",
            prefecture=board.sakai.prefecture,
            fiscal_year=2025,
        )
        collaboration.wards.add(board.shinagawa)
        Registration.objects.create(
            event=event,
            status=RegistrationStatus.WAITING,
            name="区の職員",
            email=f"ward{index}@example.jp",
            user=board.ward,
        )

    # Two queries for each section of items (its first ids, then the rows shown: members.mypage
    # first_items), +1 open surveys, +1 the member's event submissions, +1 the partner check.
    (response,) = assert_queries_constant(MYPAGE, grow, small=2, large=30, max_queries=34)
    body = response.content.decode()
    assert "提案29" in section(body, "rooms") and "提案0" not in section(body, "rooms")


def test_the_desk_reads_in_english(client, board):
    room_with_message(board)
    client.force_login(board.ward)
    body = client.get("/en" + MYPAGE).content.decode()
    for english in (
        "Coordination rooms with unread messages",
        "1 unread",
        "Open posts addressed to my municipality",
        "Posts my municipality raised its hand on",
        "The ward&#x27;s ties",
        "Go to the board",
    ):
        assert english in body, english
    for japanese in ("未読のある調整ルーム", "自治体宛ての募集中の投稿", "区の連携関係"):
        assert japanese not in body


def test_a_section_counts_up_to_100_then_says_more(client, board):
    from bulletin.models import SavedSearch

    SavedSearch.objects.bulk_create(
        SavedSearch(user=board.ward, name=f"検索{index:03}", query=f"q={index}")
        for index in range(101)
    )
    searches = section(page(client, board.ward), "saved-searches")
    assert "(100+)" in searches and searches.count("<li>") == 5
    SavedSearch.objects.filter(name="検索100").delete()
    assert "(100)" in section(page(client, board.ward), "saved-searches")
