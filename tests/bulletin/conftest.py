"""The board's world: 坂井市 proposes, 品川区 answers, others watch; helpers to post."""

from dataclasses import dataclass

import pytest

from bulletin.models import Proposal, ProposalField, ProposalKind
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import proposal_submit
from bulletin.services.replies import hand_raise
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_user,
    make_ward,
)


@dataclass
class Board:
    sakai: object
    shinagawa: object
    shiranuka: object
    proposer: object  # approved member of 坂井市
    colleague: object  # another approved member of 坂井市
    other: object  # approved member of 白糠町 (another municipality, not a ward)
    ward: object  # approved member of 品川区
    pending: object  # applied for 坂井市, not yet approved
    secretariat: object
    no_membership: object  # a verified account without any membership

    def users(self):
        return {
            "pending": self.pending,
            "member": self.proposer,
            "other": self.other,
            "ward": self.ward,
            "secretariat": self.secretariat,
        }


def proposal_data(**overrides) -> dict:
    data = {
        "title": "黄金がにのPRイベントを一緒に",
        "field": ProposalField.TOURISM,
        "kind": ProposalKind.EVENT,
        "body": "坂井市の黄金がにを水族館でPRしたいと考えています。\n詳細は https://example.jp/kani をご覧ください。",
        "offer": "黄金がにの展示と試食",
        "seeking": "会場と来場者への告知",
        "any_ward": True,
        "fiscal_year": 2025,
        "period_start": None,
        "period_end": None,
    }
    data.update(overrides)
    return data


def post_proposal(author, *, wards=(), **overrides) -> Proposal:
    return proposal_submit(author=author, data=proposal_data(**overrides), wards=wards)


def make_board() -> Board:
    fukui = make_prefecture("18", "福井県")
    hokkaido = make_prefecture("01", "北海道")
    sakai = make_municipality("坂井市", prefecture=fukui, kind="city", code="182109")
    shiranuka = make_municipality("白糠町", prefecture=hokkaido, code="016683")
    shinagawa = make_ward()
    return Board(
        sakai=sakai,
        shinagawa=shinagawa,
        shiranuka=shiranuka,
        proposer=make_member(sakai, email="sakai@example.jp"),
        colleague=make_member(sakai, email="sakai2@example.jp"),
        other=make_member(shiranuka, email="shiranuka@example.jp"),
        ward=make_member(shinagawa, email="shinagawa@example.jp"),
        pending=make_member(sakai, status="pending", email="pending@example.jp"),
        secretariat=make_secretariat(),
        no_membership=make_user("nobody@example.jp"),
    )


@pytest.fixture
def board(db) -> Board:
    return make_board()


@pytest.fixture
def proposal(board) -> Proposal:
    """A proposal as the thread's tests start from it: its announcement to the wards (the
    matching fan-out, tested in test_matching.py) is cleared, so they count only what they do."""
    return make_proposal(board)


@pytest.fixture
def shared_board(shared_world, request) -> tuple:
    """(board, proposal) built once for a module's consecutive tests (tests/shared_world.py); the
    proposal only for the tests that ask for `proposal`. A module opts in by defining `board`
    and `proposal` from it, `board` taking `db` after this fixture (the test's transaction
    comes after the world's)."""
    builders = [make_board]
    if "proposal" in request.fixturenames:
        builders.append(make_proposal)
    values = shared_world.use(request, *builders)
    return values if len(values) == 2 else (values[0], None)


def make_proposal(board) -> Proposal:
    from bulletin.models import Notification, NotificationKind
    from bulletin.services.fanouts import fanouts_expand
    from members.models import OutgoingEmail

    proposal = post_proposal(board.proposer)
    fanouts_expand()
    Notification.objects.filter(kind=NotificationKind.NEW_POST).delete()
    OutgoingEmail.objects.all().delete()
    return proposal


def realize(proposal, board) -> None:
    """品川区 raises a hand; 募集中 → 調整中 → 成立 by the proposer, naming 品川区: the
    collaboration is recorded."""
    hand_raise(proposal=proposal, user=board.ward)
    proposal_change_status(proposal=proposal, user=board.proposer, to_status="coordinating")
    proposal_change_status(
        proposal=proposal,
        user=board.proposer,
        to_status="realized",
        collaboration={"wards": [board.shinagawa], "summary": "水族館でPR", "fiscal_year": 2025},
    )
