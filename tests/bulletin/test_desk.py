"""The secretariat's desk: stale proposals and the reminder, calls with no response, and the
fiscal year's figures (on the page and as CSV)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bulletin import desk
from bulletin.models import HandRaise, Notification, Proposal, ProposalField, Reply
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise, reply_post
from core.dates import fiscal_year_of
from tests.factories import pass_second_factor

from .conftest import post_proposal
from .test_matching import call_data


def _age(post, days):
    Proposal.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


class TestDesk:
    def test_stale_proposals_and_the_reminder(self, client, board, run_fanout):
        old = post_proposal(board.proposer, title="古い提案")
        answered = post_proposal(board.proposer, title="返信あり")
        fresh = post_proposal(board.proposer, title="新しい提案")
        _age(old, 15)
        _age(answered, 15)
        reply_post(proposal=answered, author=board.ward, body="検討します")
        assert list(desk.stale_proposals()) == [old]
        assert fresh not in desk.stale_proposals()
        pass_second_factor(client, board.secretariat)
        page = client.get(reverse("bulletin:desk")).content.decode()
        assert (
            "古い提案" in page
            and "新しい提案" not in page.split("stale-heading")[1].split("</section>")[0]
        )
        client.post(reverse("bulletin:desk-remind", args=[old.pk]))
        run_fanout()  # the worker tells the members
        assert Notification.objects.filter(
            recipient=board.ward, kind="reminder", proposal=old
        ).exists()

    def test_calls_with_no_response(self, board):
        call = call_submit(author=board.ward, data=call_data())
        _age(call, 15)
        assert list(desk.unanswered_calls()) == [call]
        hand_raise(proposal=call, user=board.other)
        assert list(desk.unanswered_calls()) == []

    def test_fiscal_year_figures_on_hand_made_data(self, board):
        a = post_proposal(board.proposer, field=ProposalField.TOURISM)
        b = post_proposal(board.proposer, field=ProposalField.TOURISM)
        c = post_proposal(board.other, field=ProposalField.DISASTER)
        for post in (a, b, c):
            Proposal.objects.filter(pk=post.pk).update(
                created_at=timezone.make_aware(datetime.datetime(2024, 5, 1, 9))
            )
        # a: answered after 2 days by a hand, realized; b: a reply after 4 days; c: nothing.
        hand_raise(proposal=a, user=board.ward)
        HandRaise.objects.filter(proposal=a).update(
            raised_at=timezone.make_aware(datetime.datetime(2024, 5, 3, 9))
        )
        proposal_change_status(proposal=a, user=board.proposer, to_status="coordinating")
        proposal_change_status(
            proposal=a,
            user=board.proposer,
            to_status="realized",
            collaboration={"wards": [board.shinagawa], "summary": "PR", "fiscal_year": 2024},
        )
        reply_post(proposal=b, author=board.ward, body="ぜひ")
        Reply.objects.filter(proposal=b).update(
            created_at=timezone.make_aware(datetime.datetime(2024, 5, 5, 9))
        )
        reply_post(proposal=c, author=board.other, body="補足です")  # own: no answer
        figures = desk.fiscal_year_figures(2024)
        assert (figures.posted, figures.answered, figures.realized) == (3, 2, 1)
        assert figures.median_days_to_first_answer == 3.0
        assert figures.by_field == {"観光振興": [2, 2, 1], "防災・災害支援": [1, 0, 0]}
        assert desk.fiscal_year_figures(2023).posted == 0

    def test_figures_download_as_csv(self, client, board):
        post_proposal(board.proposer)
        pass_second_factor(client, board.secretariat)
        fy = fiscal_year_of(timezone.localdate())
        response = client.get(reverse("bulletin:desk-csv", args=["figures"]) + f"?fy={fy}")
        text = response.content.decode("utf-8-sig")
        assert response["Content-Type"].startswith("text/csv")
        assert "連携提案,合計,,1,0,0" in text
