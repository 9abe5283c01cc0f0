"""Interests and alerts: the fan-out of a new post, profiles, alert preferences, follows, calls."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bulletin import matching
from bulletin.models import (
    Follow,
    InterestProfile,
    Notification,
    NotificationKind,
    PostDirection,
    ProposalField,
    ProposalKind,
)
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.fanouts import fanouts_expand
from bulletin.services.interests import follow_set, interest_profile_set
from bulletin.services.notifications import alerts_set, preference_set
from bulletin.services.proposals import call_submit as submit_call
from bulletin.services.replies import hand_raise, reply_post
from members.models import OutgoingEmail, Region
from network.models import Tie, TieKind
from tests.factories import make_body, make_member, make_municipality, make_ward

from .conftest import post_proposal as submit_proposal


def post_proposal(author, **overrides):
    """A proposal posted, then announced by the worker (services/fanouts.py)."""
    post = submit_proposal(author, **overrides)
    fanouts_expand()
    return post


def call_submit(**kwargs):
    """A call posted, then announced by the worker."""
    call = submit_call(**kwargs)
    fanouts_expand()
    return call


def call_data(**overrides) -> dict:
    data = {
        "title": "区民まつりの物産展に出展しませんか",
        "field": ProposalField.INDUSTRY,
        "kind": ProposalKind.EXHIBIT_SLOT,
        "body": "品川区民まつりの物産展の出展枠を用意します。",
        "offer": "出展枠2区画",
        "seeking": "特産品の販売",
        "fiscal_year": 2025,
    }
    data.update(overrides)
    return data


def new_posts(user):
    return Notification.objects.filter(recipient=user, kind=NotificationKind.NEW_POST)


@pytest.fixture
def wards(board):
    """Two more wards with two members each, beside 品川区's one."""
    meguro = make_ward("目黒区", "131105", "メグロク")
    taito = make_ward("台東区", "131067", "タイトウク")
    return {
        "meguro": (meguro, [make_member(meguro), make_member(meguro)]),
        "taito": (taito, [make_member(taito), make_member(taito)]),
    }


class TestFanOut:
    def test_a_proposal_to_any_ward_reaches_every_ward_member_once_and_not_the_author(
        self, board, wards
    ):
        proposal = post_proposal(board.proposer)
        ward_members = [board.ward, *wards["meguro"][1], *wards["taito"][1]]
        for member in ward_members:
            assert list(new_posts(member).values_list("proposal", flat=True)) == [proposal.pk]
        # No notification to the author, their colleague, or other municipalities.
        for user in (board.proposer, board.colleague, board.other):
            assert not new_posts(user).exists()
        assert Notification.objects.filter(kind=NotificationKind.NEW_POST).count() == 5

    def test_a_proposal_naming_wards_reaches_only_those_wards(self, board, wards):
        meguro, meguro_members = wards["meguro"]
        post_proposal(board.proposer, any_ward=False, wards=[meguro])
        assert all(new_posts(m).exists() for m in meguro_members)
        assert not new_posts(board.ward).exists()

    def test_mail_waits_for_the_outbox_worker(self, board, wards, mailoutbox):
        submit_proposal(board.proposer)
        assert not OutgoingEmail.objects.exists()  # the request tells nobody: the worker does
        fanouts_expand()
        emails = OutgoingEmail.objects.filter(to__in=["shinagawa@example.jp"])
        assert emails.count() == 1 and emails.get().sent_at is None
        assert "新しい提案" in emails.get().subject
        assert mailoutbox == []  # the request did not send anything

    def test_query_count_does_not_grow_with_recipients(self, board, wards, assert_queries_constant):
        few = assert_queries_constant.count(lambda: submit_proposal(board.proposer))[1]
        fanouts_expand()
        for ward, _members in wards.values():
            for _ in range(4):
                make_member(ward)
        many = assert_queries_constant.count(lambda: submit_proposal(board.proposer))[1]
        fanouts_expand()
        assert Notification.objects.filter(kind=NotificationKind.NEW_POST).count() == 5 + 13
        assert many == few


class TestProfiles:
    def test_a_field_profile_filters_proposals(self, board):
        interest_profile_set(user=board.ward, fields=[ProposalField.DISASTER])
        post_proposal(board.proposer, field=ProposalField.TOURISM)
        assert not new_posts(board.ward).exists()
        post_proposal(board.proposer, field=ProposalField.DISASTER)
        assert new_posts(board.ward).count() == 1

    def test_a_kind_profile_filters_proposals(self, board):
        interest_profile_set(user=board.ward, kinds=[ProposalKind.MARKET])
        post_proposal(board.proposer, kind=ProposalKind.EVENT)
        assert not new_posts(board.ward).exists()

    def test_a_region_or_prefecture_profile_filters_by_the_proposer(self, board):
        # 坂井市 is in 福井県 (test prefecture region: 北海道 by the factory's default).
        interest_profile_set(user=board.ward, regions=[Region.KYUSHU])
        post_proposal(board.proposer)
        assert not new_posts(board.ward).exists()
        interest_profile_set(
            user=board.ward, regions=[Region.KYUSHU], prefectures=[board.sakai.prefecture]
        )
        post_proposal(board.proposer)
        assert new_posts(board.ward).count() == 1

    def test_a_body_profile_hears_only_the_bodys_members(self, board):
        body = make_body(board.shiranuka.prefecture, "towns")  # 北海道町村会: 白糠町 is a member
        interest_profile_set(user=board.ward, bodies=[body])
        post_proposal(board.proposer)  # 坂井市 is not
        assert not new_posts(board.ward).exists()
        post_proposal(board.other)  # 白糠町 is
        assert new_posts(board.ward).count() == 1

    def test_the_municipality_profile_is_the_default_and_the_own_profile_wins(self, board):
        colleague = make_member(board.shinagawa)
        interest_profile_set(
            user=board.ward, fields=[ProposalField.DISASTER], for_municipality=True
        )
        interest_profile_set(user=colleague, fields=[ProposalField.TOURISM])
        assert InterestProfile.objects.filter(municipality=board.shinagawa).exists()
        post_proposal(board.proposer, field=ProposalField.TOURISM)
        assert not new_posts(board.ward).exists()  # the ward's default: 防災 only
        assert new_posts(colleague).count() == 1


class TestAlertPreferences:
    def test_a_muted_kind_is_neither_shown_nor_mailed(self, board):
        alerts_set(user=board.ward, muted_kinds=[NotificationKind.NEW_POST])
        post_proposal(board.proposer)
        assert not new_posts(board.ward).exists()
        assert not OutgoingEmail.objects.filter(to="shinagawa@example.jp").exists()

    def test_muting_one_kind_keeps_the_others(self, board, proposal):
        alerts_set(user=board.proposer, muted_kinds=[NotificationKind.REPLY])
        reply_post(proposal=proposal, author=board.ward, body="ぜひ")
        hand_raise(proposal=proposal, user=board.ward)
        kinds = set(
            Notification.objects.filter(recipient=board.proposer).values_list("kind", flat=True)
        )
        assert kinds == {NotificationKind.HAND_RAISED}

    def test_digest_members_get_no_immediate_mail(self, board):
        preference_set(user=board.ward, delivery="digest")
        post_proposal(board.proposer)
        notification = new_posts(board.ward).get()
        assert notification.email is None  # goes into tomorrow's digest


class TestFollow:
    def test_followers_hear_replies_hands_and_status(self, board, proposal):
        follow_set(user=board.other, proposal=proposal, following=True)
        reply_post(proposal=proposal, author=board.ward, body="ぜひ")
        hand_raise(proposal=proposal, user=board.ward)
        proposal_change_status(proposal=proposal, user=board.proposer, to_status="coordinating")
        kinds = list(
            Notification.objects.filter(recipient=board.other)
            .order_by("pk")
            .values_list("kind", flat=True)
        )
        assert kinds == ["reply", "hand", "status"]

    def test_unfollowing_stops_them(self, board, proposal):
        follow_set(user=board.other, proposal=proposal, following=True)
        follow_set(user=board.other, proposal=proposal, following=False)
        reply_post(proposal=proposal, author=board.ward, body="ぜひ")
        assert not Follow.objects.exists()
        assert not Notification.objects.filter(recipient=board.other).exists()

    def test_the_proposer_cannot_follow_their_own_post(self, board, proposal):
        with pytest.raises(PermissionDenied):
            follow_set(user=board.proposer, proposal=proposal, following=True)


class TestCalls:
    @pytest.fixture
    def hokkaido(self, board):
        board.sakai.prefecture.region = Region.CHUBU
        board.sakai.prefecture.save()
        body = make_body(board.shiranuka.prefecture, "towns", name="北海道町村会")
        city = make_municipality("釧路市", prefecture=board.shiranuka.prefecture, kind="city")
        return body, make_member(city)

    def test_a_call_to_a_bodys_members_alerts_them_only(self, board, hokkaido):
        body, city_member = hokkaido
        call = call_submit(author=board.ward, data=call_data(target_body=body))
        assert call.direction == PostDirection.CALL
        assert new_posts(board.other).count() == 1  # 白糠町: a town of 北海道
        assert not new_posts(city_member).exists()  # 釧路市 is a city: 北海道市長会
        assert not new_posts(board.proposer).exists()  # 坂井市: elsewhere
        assert not new_posts(board.ward).exists()  # the author

    def test_a_call_to_everyone_alerts_every_municipality_but_no_ward(self, board, hokkaido):
        _body, city_member = hokkaido
        make_member(make_ward("目黒区", "131105", "メグロク"))
        call_submit(author=board.ward, data=call_data())
        assert {u.pk for u in (board.other, city_member, board.proposer, board.colleague)} == set(
            Notification.objects.filter(kind="new").values_list("recipient", flat=True)
        )

    def test_targets_by_prefecture_region_and_kind(self, board, hokkaido):
        _body, city_member = hokkaido
        call_submit(
            author=board.ward,
            data=call_data(target_kind="city"),
            target_prefectures=[board.shiranuka.prefecture],
        )
        assert new_posts(city_member).count() == 1
        assert not new_posts(board.other).exists()  # a town
        assert not new_posts(board.proposer).exists()  # a city, but in 福井県
        call_submit(author=board.ward, data=call_data(target_region=Region.CHUBU))
        assert new_posts(city_member).count() == 1  # 北海道 is not 中部
        assert new_posts(board.proposer).count() == 1  # 福井県 is (the test prefecture's region)

    def test_only_ward_members_post_calls(self, board):
        with pytest.raises(PermissionDenied):
            call_submit(author=board.other, data=call_data())

    def test_municipalities_raise_hands_on_calls_and_it_realizes_with_the_roles_swapped(
        self, board, hokkaido
    ):
        body, _city = hokkaido
        call = call_submit(author=board.ward, data=call_data(target_body=body))
        with pytest.raises(PermissionDenied):  # a ward cannot raise a hand on a ward's call
            hand_raise(proposal=call, user=make_member(make_ward("目黒区", "131105")))
        hand_raise(proposal=call, user=board.other)
        assert Notification.objects.filter(recipient=board.ward, kind="hand").exists()
        proposal_change_status(proposal=call, user=board.ward, to_status="coordinating")
        # Only the municipalities that raised a hand can be named as the partners.
        with pytest.raises(ValidationError, match="手を挙げていない自治体") as refused:
            proposal_change_status(
                proposal=call,
                user=board.ward,
                to_status="realized",
                collaboration={
                    "wards": [board.shiranuka, board.sakai],
                    "summary": "物産展",
                    "fiscal_year": 2025,
                },
            )
        assert "坂井市" in str(refused.value) and "白糠町" not in str(refused.value)
        proposal_change_status(
            proposal=call,
            user=board.ward,
            to_status="realized",
            collaboration={"wards": [board.shiranuka], "summary": "物産展", "fiscal_year": 2025},
        )
        collaboration = call.collaboration
        assert list(collaboration.wards.all()) == [board.shinagawa]
        assert list(collaboration.municipalities.all()) == [board.shiranuka]
        tie = Tie.objects.get(ward=board.shinagawa, kind=TieKind.BOARD)
        assert list(tie.municipalities.all()) == [board.shiranuka]


class TestRecipientsRule:
    def test_without_profiles_every_addressed_member_matches(self, board):
        proposal = post_proposal(board.proposer)
        assert [r.pk for r in matching.post_recipients(proposal)] == [board.ward.pk]

    def test_pending_and_inactive_members_hear_nothing(self, board):
        pending = make_member(board.shinagawa, status="pending")
        inactive = make_member(board.shinagawa)
        inactive.is_active = False
        inactive.save()
        post_proposal(board.proposer)
        assert not new_posts(pending).exists() and not new_posts(inactive).exists()
