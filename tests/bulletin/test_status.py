"""Status: 募集中 → 調整中 → 成立 or 終了, by the proposer's municipality and the secretariat only;
成立 creates the collaboration project; a closed proposal is read-only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bulletin.models import Collaboration, ProposalStatus, ProposalStatusChange
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.moderation import post_moderate
from bulletin.services.replies import hand_raise
from tests.factories import pass_second_factor

OPEN, COORDINATING, REALIZED, CLOSED = (
    ProposalStatus.OPEN,
    ProposalStatus.COORDINATING,
    ProposalStatus.REALIZED,
    ProposalStatus.CLOSED,
)
COLLABORATION = {"summary": "しながわ水族館で黄金がにをPR", "fiscal_year": 2025}


def move(proposal, user, *path, **collaboration):
    for status in path:
        proposal_change_status(
            proposal=proposal,
            user=user,
            to_status=status,
            collaboration=collaboration if status == REALIZED else None,
        )
        proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize(
    "path",
    [
        [COORDINATING],
        [CLOSED],
        [COORDINATING, REALIZED],
        [COORDINATING, CLOSED],
        [COORDINATING, OPEN],
        [COORDINATING, OPEN, COORDINATING, REALIZED],
    ],
)
def test_allowed_status_changes(board, proposal, path):
    hand_raise(proposal=proposal, user=board.ward)
    move(proposal, board.proposer, *path, wards=[board.shinagawa], **COLLABORATION)
    assert proposal.status == path[-1]
    history = list(proposal.status_changes.values_list("from_status", "to_status", "changed_by"))
    expected_from = [OPEN, *path[:-1]]
    assert history == [(a, b, board.proposer.pk) for a, b in zip(expected_from, path, strict=True)]


@pytest.mark.parametrize(
    "path, forbidden",
    [
        ([], OPEN),  # no change is not a change
        ([COORDINATING], COORDINATING),
        ([CLOSED], OPEN),  # 終了 is final
        ([CLOSED], COORDINATING),
        ([COORDINATING, REALIZED], CLOSED),  # 成立 is final
        ([COORDINATING, REALIZED], OPEN),
    ],
)
def test_forbidden_status_changes(board, proposal, path, forbidden):
    hand_raise(proposal=proposal, user=board.ward)
    move(proposal, board.proposer, *path, wards=[board.shinagawa], **COLLABORATION)
    before = proposal.status
    # A final status refuses every change; otherwise the step itself is refused, by name.
    expected, message = (
        (PermissionDenied, "成立・終了後は変更できません")
        if before in (CLOSED, REALIZED)
        else (
            ValidationError,
            f"「{ProposalStatus(before).label}」から「{ProposalStatus(forbidden).label}」には変更できません",
        )
    )
    with pytest.raises(expected) as refused:
        proposal_change_status(
            proposal=proposal,
            user=board.proposer,
            to_status=forbidden,
            collaboration={"wards": [board.shinagawa], **COLLABORATION},
        )
    text = str(refused.value) if expected is PermissionDenied else refused.value.messages[0]
    assert message in text
    proposal.refresh_from_db()
    assert proposal.status == before
    assert proposal.status_changes.count() == len(path)


@pytest.mark.parametrize("who", ["other", "ward", "pending"])
def test_only_the_proposer_and_the_secretariat_change_status(board, proposal, who):
    with pytest.raises(PermissionDenied):
        proposal_change_status(proposal=proposal, user=getattr(board, who), to_status=COORDINATING)
    move(proposal, board.secretariat, COORDINATING)
    assert proposal.status == COORDINATING
    assert proposal.status_changes.get().changed_by == board.secretariat


def test_status_form_offers_only_the_next_statuses(client, board, proposal):
    client.force_login(board.proposer)
    url = reverse("bulletin:proposal-status", args=[proposal.pk])
    body = client.get(url).content.decode()
    assert 'value="coordinating"' in body and 'value="closed"' in body
    assert 'value="open"' not in body
    response = client.post(url, {"status": "open"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.status == OPEN


def test_parties_that_agree_go_straight_to_realized_naming_the_project(client, board, proposal):
    """調整中 is not a required stop; 成立 asks for the project's name, prefilled with the
    post's title, and the public list shows that name."""
    hand_raise(proposal=proposal, user=board.ward)
    client.force_login(board.proposer)
    url = reverse("bulletin:proposal-status", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert "realized" in dict(form.fields["status"].choices)
    assert form["title"].initial == proposal.title
    data = {
        "status": "realized",
        "wards": [board.shinagawa.pk],
        "summary": "しながわ水族館で黄金がにをPR",
        "fiscal_year": 2025,
    }
    response = client.post(url, {**data, "title": " "})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    response = client.post(url, {**data, "title": "しながわ水族館 黄金がにPRイベント"})
    assert response.status_code == 302
    assert Collaboration.objects.get().title == "しながわ水族館 黄金がにPRイベント"
    public = client.get(reverse("bulletin:collaboration-list")).content.decode()
    assert "しながわ水族館 黄金がにPRイベント" in public and proposal.title not in public


def test_the_partner_is_listed_once_on_the_wards_page(client, board, proposal):
    from network.models import Tie, TieKind

    tie = Tie.objects.create(slug="friends", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
    tie.municipalities.set([board.sakai])
    hand_raise(proposal=proposal, user=board.ward)
    move(proposal, board.proposer, REALIZED, wards=[board.shinagawa], **COLLABORATION)
    page = client.get(board.shinagawa.get_absolute_url()).content.decode()
    section = page.split('id="municipality-ties"')[1].split("</section>")[0]
    assert section.count("坂井市") == 1 and "交流関係 1件" in section
    assert str(TieKind.FRIENDSHIP.label) in section and str(TieKind.BOARD.label) in section


def test_realized_creates_the_collaboration_linked_to_the_proposal(client, board, proposal):
    hand_raise(proposal=proposal, user=board.ward)
    move(proposal, board.proposer, COORDINATING)
    client.force_login(board.proposer)
    url = reverse("bulletin:proposal-status", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert form["wards"].initial == [board.shinagawa.pk]  # the wards that raised a hand

    # 成立 without the collaboration's details is refused, and the input is kept.
    response = client.post(url, {"status": "realized", "note": "決まりました", "summary": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "連携する区を1つ以上選んでください" in body and "決まりました" in body
    assert not Collaboration.objects.exists()

    response = client.post(
        url,
        {
            "status": "realized",
            "title": "黄金がにPRイベント",
            "wards": [board.shinagawa.pk],
            "summary": "しながわ水族館で黄金がにをPRするイベントを実施",
            "fiscal_year": 2025,
            "started_on": "2025-11-18",
        },
    )
    assert response.status_code == 302
    collaboration = Collaboration.objects.get()
    assert collaboration.proposal == proposal
    assert list(collaboration.wards.all()) == [board.shinagawa]
    assert list(collaboration.municipalities.all()) == [board.sakai]
    assert collaboration.prefecture == board.sakai.prefecture
    assert collaboration.fiscal_year == 2025
    assert collaboration.field == proposal.field
    assert str(collaboration.started_on) == "2025-11-18"
    assert collaboration.slug == f"board-{proposal.pk}"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert collaboration.get_absolute_url() in page


def test_a_closed_proposal_is_read_only(client, board, proposal):
    move(proposal, board.proposer, CLOSED)
    for user in (board.proposer, board.ward, board.secretariat):
        pass_second_factor(client, user)
        for name, data in [
            ("bulletin:proposal-update", {"title": "変更"}),
            ("bulletin:reply-create", {"body": "返信"}),
            ("bulletin:hand-raise", {}),
            ("bulletin:proposal-status", {"status": "open"}),
        ]:
            response = client.post(reverse(name, args=[proposal.pk]), data)
            assert response.status_code == 403, (user, name)
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert "閲覧のみできます" in page
        assert f'action="/board/{proposal.pk}/reply/"' not in page
        assert "状態を変更する" not in page
    proposal.refresh_from_db()
    assert proposal.status == CLOSED and not proposal.replies.exists()
    assert ProposalStatusChange.objects.count() == 1


def test_the_owner_cannot_change_the_status_of_a_hidden_proposal(client, board, proposal):
    """Hidden by the secretariat, a proposal stays off the public record: its owner can neither
    set 成立 (which would list it on /collaborations/) nor move it along."""
    hand_raise(proposal=proposal, user=board.ward)
    move(proposal, board.proposer, COORDINATING)
    post_moderate(actor=board.secretariat, proposal=proposal, action="hide", reason="個人情報")
    client.force_login(board.proposer)
    url = reverse("bulletin:proposal-status", args=[proposal.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "status": "realized",
            "wards": [board.shinagawa.pk],
            "summary": "水族館でPR",
            "fiscal_year": 2025,
        },
    )
    assert response.status_code == 403
    assert "状態を変更" not in client.get(proposal.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        move(proposal, board.proposer, CLOSED)
    proposal.refresh_from_db()
    assert proposal.status == COORDINATING
    assert not Collaboration.objects.exists()


def test_a_collaboration_names_only_wards_that_raised_a_hand(client, board, proposal):
    """千代田区 never raised its hand: it cannot be put on the public record as a partner."""
    from tests.factories import make_ward

    chiyoda = make_ward("千代田区", "131016", "チヨダク")
    hand_raise(proposal=proposal, user=board.ward)
    move(proposal, board.proposer, COORDINATING)
    with pytest.raises(ValidationError) as error:
        move(proposal, board.proposer, REALIZED, wards=[board.shinagawa, chiyoda], **COLLABORATION)
    assert "千代田区" in str(error.value) and "品川区" not in str(error.value)
    assert proposal.status == COORDINATING and not Collaboration.objects.exists()

    # The form offers only the wards that raised a hand, and refuses any other.
    client.force_login(board.proposer)
    url = reverse("bulletin:proposal-status", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["wards"].queryset) == [board.shinagawa]
    data = {
        "status": "realized",
        "title": "水族館でPR",
        "summary": "水族館でPR",
        "fiscal_year": 2025,
    }
    response = client.post(url, {**data, "wards": [board.shinagawa.pk, chiyoda.pk]})
    assert response.status_code == 200 and "wards" in response.context["form"].errors
    assert not Collaboration.objects.exists()

    response = client.post(url, {**data, "wards": [board.shinagawa.pk]})
    assert response.status_code == 302
    assert list(Collaboration.objects.get().wards.all()) == [board.shinagawa]
