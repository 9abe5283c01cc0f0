"""The permission matrix: every board action × anonymous, pending, member (the proposer's
municipality), another municipality's member, a ward member, the secretariat (logged in with its
authenticator code), the secretariat with a password only (sent to the MFA step first), and a
partner organisation's member (an NPO) on a proposal not opened to partners (partner) and on
one opened to them (partner_open: 民間・団体の参加を歓迎).

Forbidden actions are refused on the server (a redirect to log in, or 403) and change nothing;
allowed ones work.
"""

import io
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bulletin.models import (
    HandRaise,
    ModerationAction,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    Reply,
    Report,
)
from bulletin.services.proposals import proposal_submit
from tests.factories import make_partner, pass_second_factor, totp_code

from .conftest import proposal_data


@pytest.fixture
def board(shared_board, db):
    """The board's world, built once for this module's cases (tests/shared_world.py).
    `db` after the world, whose transaction comes first."""
    return shared_board[0]


@pytest.fixture
def proposal(shared_board):
    return shared_board[1]


ROLES = [
    "anonymous",
    "pending",
    "member",
    "other",
    "ward",
    "secretariat",
    "password_only",
    "partner",
    "partner_open",
]
LOGIN = "login"
MFA = "mfa"


def login(client, board, role):
    if role == "secretariat":
        pass_second_factor(client, board.secretariat)
    elif role == "password_only":
        client.force_login(board.secretariat)  # a password alone, no second factor
    elif role in ("partner", "partner_open"):
        client.force_login(make_partner(email="npo@example.jp"))
    elif role != "anonymous":
        client.force_login(board.users()[role])


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def outcome(response) -> str | int:
    if response.status_code == 302 and reverse("account_login") in response["Location"]:
        return LOGIN
    if response.status_code == 302 and reverse("mfa_reauthenticate") in response["Location"]:
        return MFA
    return response.status_code


# The expected outcome for each role; 302 (back to a page) and 200 mean the action worked.
# A partner finds a post not opened to partners nowhere (404; the list without it); on one
# opened to them it reads, replies and raises a hand, and does nothing a municipality does.
MATRIX = {
    #                       anonymous pending member other ward secretariat password_only npo npo_open
    "view_list":            (LOGIN, 403, 200, 200, 200, 200, MFA, 200, 200),
    "view_detail":          (LOGIN, 403, 200, 200, 200, 200, MFA, 404, 200),
    "post":                 (LOGIN, 403, 302, 302, 302, 403, MFA, 403, 403),
    "edit":                 (LOGIN, 403, 302, 403, 403, 403, MFA, 403, 403),
    "reply":                (LOGIN, 403, 302, 302, 302, 403, MFA, 404, 302),
    "raise_hand":           (LOGIN, 403, 403, 403, 302, 403, MFA, 404, 302),
    "change_status":        (LOGIN, 403, 302, 403, 403, 302, MFA, 403, 403),
    "report":               (LOGIN, 403, 302, 302, 302, 403, MFA, 403, 403),
    "moderate":             (LOGIN, 403, 403, 403, 403, 302, MFA, 403, 403),
    "download_attachment":  (LOGIN, 403, 200, 200, 200, 200, MFA, 404, 200),
    "notifications":        (LOGIN, 403, 200, 200, 200, 200, MFA, 200, 200),
}  # fmt: skip


def act(action, client, proposal):
    """Perform the action; return (response, a function telling whether it took effect)."""
    pk = proposal.pk
    if action == "view_list":
        return client.get(reverse("bulletin:proposal-list")), None
    if action == "view_detail":
        return client.get(proposal.get_absolute_url()), None
    if action == "post":
        before = Proposal.objects.count()
        data = {**proposal_data(title="新しい提案"), "period_start": "", "period_end": ""}
        return client.post(reverse("bulletin:proposal-create"), data), (
            lambda: Proposal.objects.count() == before + 1
        )
    if action == "edit":
        data = {**proposal_data(title="書き換えた件名"), "period_start": "", "period_end": ""}
        return client.post(reverse("bulletin:proposal-update", args=[pk]), data), (
            lambda: Proposal.objects.get(pk=pk).title == "書き換えた件名"
        )
    if action == "reply":
        return client.post(reverse("bulletin:reply-create", args=[pk]), {"body": "ぜひ"}), (
            lambda: Reply.objects.filter(proposal_id=pk).exists()
        )
    if action == "raise_hand":
        return client.post(reverse("bulletin:hand-raise", args=[pk])), (
            lambda: HandRaise.objects.filter(proposal_id=pk).exists()
        )
    if action == "change_status":
        return client.post(
            reverse("bulletin:proposal-status", args=[pk]), {"status": "coordinating"}
        ), (lambda: Proposal.objects.get(pk=pk).status == ProposalStatus.COORDINATING)
    if action == "report":
        return client.post(reverse("bulletin:proposal-report", args=[pk]), {"reason": "宣伝"}), (
            lambda: Report.objects.filter(proposal_id=pk).exists()
        )
    if action == "moderate":
        return client.post(
            reverse("bulletin:proposal-moderate", args=[pk]),
            {"action": "hide", "reason": "個人情報"},
        ), (lambda: ModerationAction.objects.filter(proposal_id=pk).exists())
    if action == "download_attachment":
        attachment = ProposalAttachment.objects.get(proposal_id=pk)
        return client.get(attachment.get_absolute_url()), None
    if action == "notifications":
        return client.get(reverse("bulletin:notification-list")), None
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(client, board, role, action):
    from bulletin.attachments import check_upload

    proposal = proposal_submit(
        author=board.proposer,
        data=proposal_data(welcomes_partners=role == "partner_open"),
        attachments=[check_upload(png_upload())],
    )
    login(client, board, role)
    response, took_effect = act(action, client, proposal)
    if response.streaming and outcome(response) != 200:
        b"".join(response.streaming_content)  # reading to the end closes the file
    expected = dict(zip(ROLES, MATRIX[action], strict=True))[role]
    assert outcome(response) == expected, response.content.decode()[:500]
    if took_effect is not None:
        assert took_effect() is (expected == 302)
    if role == "partner" and action == "view_list":  # the list, without the unflagged post
        assert proposal.title not in response.content.decode()
    elif expected == 200:  # what was asked for is on the page (or in the download)
        assert shows(action, response, proposal), (action, role)
    elif expected == 403:  # refused with a page saying so, never with the content
        assert proposal.title not in response.content.decode()


def shows(action, response, proposal) -> bool:
    if action == "download_attachment":
        content = b"".join(response.streaming_content)
        return (
            content.startswith(b"\x89PNG") and "attachment" not in response["Content-Disposition"]
        )
    body = response.content.decode()
    return {
        "view_list": proposal.title in body and "1件の提案" in body,
        "view_detail": proposal.title in body and proposal.offer in body,
        "notifications": "<h1>通知一覧</h1>" in body,
    }[action]


def test_pending_member_is_told_why_the_board_is_closed(client, board):
    client.force_login(board.pending)
    response = client.get(reverse("bulletin:proposal-list"))
    assert response.status_code == 403
    assert "掲示板は会員専用です" in response.content.decode()
    client.force_login(board.no_membership)
    response = client.get(reverse("bulletin:proposal-list"))
    assert response.status_code == 403
    assert "掲示板は会員専用です" in response.content.decode()


def test_deactivated_member_loses_the_board(client, board, proposal):
    membership = board.other.membership
    membership.status = "deactivated"
    membership.save()
    client.force_login(board.other)
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 403
    body = response.content.decode()
    assert "掲示板は会員専用です" in body and proposal.title not in body


def test_hidden_proposal_is_seen_only_by_its_municipality_and_the_secretariat(
    client, board, proposal
):
    from bulletin.services.moderation import post_moderate

    post_moderate(actor=board.secretariat, proposal=proposal, action="hide", reason="重複投稿")
    expected = {"member": 200, "secretariat": 200, "other": 404, "ward": 404}
    for role, status in expected.items():
        login(client, board, role)
        assert client.get(proposal.get_absolute_url()).status_code == status, role
        listed = client.get(reverse("bulletin:proposal-list")).context["object_list"]
        assert (proposal in listed) is (status == 200), role
    client.force_login(board.proposer)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "事務局により非表示にされています" in body and "重複投稿" in body


def test_colleague_of_the_proposer_may_edit_and_change_status(client, board, proposal):
    """Content belongs to the municipality: a successor carries on."""
    client.force_login(board.colleague)
    response = client.post(
        reverse("bulletin:proposal-status", args=[proposal.pk]), {"status": "coordinating"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.COORDINATING


def test_ward_cannot_raise_a_hand_on_its_own_proposal(client, board):
    from bulletin.services.proposals import proposal_submit as submit

    own = submit(author=board.ward, data=proposal_data(title="品川区からの提案"))
    client.force_login(board.ward)
    response = client.post(reverse("bulletin:hand-raise", args=[own.pk]))
    assert response.status_code == 403
    assert not HandRaise.objects.exists()


def test_secretariat_powers_need_the_second_factor_in_this_session(client, board):
    """A password alone (or any session without the MFA step) reaches none of the secretariat's
    pages or actions: each sends it to the authenticator code, and nothing changes."""
    from bulletin.attachments import check_upload
    from bulletin.services.moderation import post_moderate

    hidden = proposal_submit(
        author=board.proposer,
        data=proposal_data(title="非表示の提案"),
        attachments=[check_upload(png_upload())],
    )
    post_moderate(actor=board.secretariat, proposal=hidden, action="hide", reason="個人情報")
    shown = proposal_submit(author=board.proposer, data=proposal_data(title="公開中の提案"))
    attachment = ProposalAttachment.objects.get(proposal=hidden)
    moderate_url = reverse("bulletin:proposal-moderate", args=[shown.pk])
    pages = [
        reverse("bulletin:report-list"),
        hidden.get_absolute_url(),
        attachment.get_absolute_url(),
    ]

    client.force_login(board.secretariat)  # a password alone, no second factor
    for url in pages:
        response = client.get(url)
        assert outcome(response) == MFA, url
        assert response["Location"].endswith("?next=" + quote(url, safe="")), url
    response = client.post(moderate_url, {"action": "hide", "reason": "宣伝"})
    assert outcome(response) == MFA
    shown.refresh_from_db()
    assert not shown.is_hidden
    assert not ModerationAction.objects.filter(proposal=shown).exists()

    # The code from the authenticator app: now everything works, starting where it was going.
    response = client.post(
        reverse("mfa_reauthenticate") + "?next=" + quote(pages[0], safe=""),
        {"code": totp_code()},
    )
    assert response["Location"] == pages[0]
    assert client.get(pages[0]).status_code == 200
    page = client.get(hidden.get_absolute_url())
    assert page.status_code == 200 and "非表示の提案" in page.content.decode()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    b"".join(download.streaming_content)
    response = client.post(moderate_url, {"action": "hide", "reason": "宣伝"})
    assert response.status_code == 302 and response["Location"] == shown.get_absolute_url()
    shown.refresh_from_db()
    assert shown.is_hidden


def test_without_the_second_factor_the_secretariat_has_no_powers_anywhere(rf, board, proposal):
    """Even a view that forgot to send staff to the MFA step grants nothing: the permissions
    themselves ask whether the session being served passed it."""
    from django.contrib.sessions.backends.db import SessionStore

    from bulletin.permissions import can_moderate, can_view_proposal
    from bulletin.services.moderation import post_moderate
    from members import second_factor

    post_moderate(actor=board.secretariat, proposal=proposal, action="hide", reason="重複投稿")
    request = rf.get("/")
    request.session, request.user = SessionStore(), board.secretariat
    with second_factor.serving(request):
        assert not can_moderate(board.secretariat)
        assert not can_view_proposal(board.secretariat, proposal)
        assert not Proposal.objects.visible_to(board.secretariat).filter(pk=proposal.pk).exists()
        with pytest.raises(PermissionDenied):
            post_moderate(actor=board.secretariat, proposal=proposal, action="restore", reason="x")
    # Outside a request (commands, the shell) the role is what counts.
    assert can_moderate(board.secretariat)
