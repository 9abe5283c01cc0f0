"""Calls (募集) from wards beside proposals: the list's direction filter, the call form, and
the period rule shared with proposals."""

import pytest
from django.urls import reverse

from bulletin.models import Notification, Proposal
from bulletin.services.proposals import call_submit
from tests.factories import make_body

from .conftest import post_proposal
from .test_matching import call_data


class TestCalls:
    """Posting calls and telling them apart from proposals."""

    def test_list_filters_calls_and_proposals(self, client, board):
        proposal = post_proposal(board.proposer, title="坂井市の提案")
        call = call_submit(author=board.ward, data=call_data(title="品川区の募集"))
        client.force_login(board.other)
        page = client.get(reverse("bulletin:proposal-list"), {"direction": "call"}).content.decode()
        assert call.title in page and proposal.title not in page
        page = client.get(
            reverse("bulletin:proposal-list"), {"direction": "proposal"}
        ).content.decode()
        assert proposal.title in page and "品川区の募集" not in page.split("proposal-list")[-1]

    def test_a_ward_posts_a_call_from_the_form(self, client, board, run_fanout):
        body = make_body(board.shiranuka.prefecture, "towns", name="北海道町村会")
        client.force_login(board.ward)
        response = client.post(
            reverse("bulletin:call-create"),
            {**call_data(), "target_body": body.pk, "target_region": "", "target_kind": ""},
        )
        call = Proposal.objects.calls().get()
        assert response["Location"] == call.get_absolute_url()
        run_fanout()  # the worker announces it
        assert Notification.objects.filter(recipient=board.other, proposal=call).exists()
        page = client.get(call.get_absolute_url()).content.decode()
        assert "北海道町村会の構成自治体" in page

    @pytest.mark.parametrize("kind", ["proposal", "call"])
    def test_a_period_out_of_order_is_a_form_error_on_proposals_and_calls_alike(
        self, client, board, kind
    ):
        from .conftest import proposal_data

        if kind == "call":
            client.force_login(board.ward)
            url, data = reverse("bulletin:call-create"), call_data()
        else:
            client.force_login(board.proposer)
            url, data = reverse("bulletin:proposal-create"), proposal_data()
        before = Proposal.objects.count()
        for period, field, message in [
            (
                {"period_end": "2025-08-01"},
                "period_start",
                "終了日を入れる場合は開始日も入力してください。",
            ),
            (
                {"period_start": "2025-08-01", "period_end": "2025-07-01"},
                "period_end",
                "終了日は開始日以降にしてください。",
            ),
        ]:
            response = client.post(url, {**data, "period_start": "", **period})
            assert response.status_code == 200
            assert response.context["form"].errors[field] == [message]
            assert message in response.content.decode()
        assert Proposal.objects.count() == before
