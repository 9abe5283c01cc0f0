"""Who may open and post to each endpoint of the yearly confirmation (年度確認), the ties'
XLSX template and export, and /api/v1/ties/: one row per action, one column per kind of user,
with another ward's member beside the ward's own (the board's matrix in
test_permission_matrix.py has no second ward)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from network import rounds
from network.models import Tie, TieKind
from tests.factories import make_member, make_ward

from .test_permission_matrix import ADMIN, LOGIN, MFA, outcome
from .test_permission_matrix import login as board_login


@pytest.fixture
def board(shared_board, db):
    """The board's world, built once for this module's cases (tests/shared_world.py).
    `db` after the world, whose transaction comes first."""
    return shared_board[0]


ROLES = [
    "anonymous",
    "pending",
    "member",
    "other_ward",
    "ward",
    "secretariat",
    "password_only",
    "partner",
]

# member = 坂井市, other_ward = 目黒区, ward = 品川区 (the page's ward), partner = an NPO's member.
MATRIX = {
    #                    anonymous pending member other_ward ward secretariat password_only partner
    "round_open":        (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "round_remind":      (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "round_close":       (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "ward_page":         (LOGIN, 403, 403, 403, 200, 200, MFA, 403),
    "ward_confirm":      (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "tie_template":      (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    "tie_export_xlsx":   (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    "api_ties":          (200, 200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip


def act(action, client, board, confirmation_round, tie):
    ward_url = reverse("bulletin:round-ward", args=[board.shinagawa.code])
    if action == "round_open":
        deadline = timezone.localdate() + datetime.timedelta(days=20)
        return client.post(
            reverse("bulletin:round-open"),
            {"fiscal_year": timezone.localdate().year, "deadline": deadline.isoformat()},
        )
    if action == "round_remind":
        return client.post(reverse("bulletin:round-remind", args=[confirmation_round.pk]))
    if action == "round_close":
        return client.post(reverse("bulletin:round-close", args=[confirmation_round.pk]))
    if action == "ward_page":
        return client.get(ward_url)
    if action == "ward_confirm":
        return client.post(ward_url, {"note": ""})
    if action == "tie_template":
        return client.get(reverse("admin:network_tie_template"))
    if action == "tie_export_xlsx":
        return client.post(
            reverse("admin:network_tie_changelist"),
            {"action": "export_xlsx", "_selected_action": [tie.pk]},
        )
    if action == "api_ties":
        return client.get("/api/v1/ties/")
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_round_permission_matrix(client, board, role, action):
    meguro = make_ward("目黒区", code="131105", kana="メグロク")
    other_ward = make_member(meguro, email="meguro@example.jp")
    tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.EXCHANGE)
    tie.municipalities.set([board.sakai])
    # A round of the previous year is open (round_open then opens the current one after it
    # is closed below, so each role meets the same state).
    confirmation_round = rounds.round_open(
        actor=board.secretariat,
        fiscal_year=timezone.localdate().year - 1,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    if action == "round_open":
        rounds.round_close(actor=board.secretariat, confirmation_round=confirmation_round)
    if role == "other_ward":
        client.force_login(other_ward)
    else:
        board_login(client, board, role)
    response = act(action, client, board, confirmation_round, tie)
    assert outcome(response) == MATRIX[action][ROLES.index(role)]
