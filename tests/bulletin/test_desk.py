"""The secretariat's desk: stale proposals and the reminder, calls with no response, and the
fiscal year's figures (on the page and as CSV)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bulletin import desk
from bulletin.models import HandRaise, Notification, Proposal, ProposalField, Reply
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise, hand_withdraw, reply_post
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

    def test_a_withdrawn_hand_puts_the_post_back_on_the_stale_list(self, board):
        post = post_proposal(board.proposer, title="手が下りた提案")
        _age(post, 15)
        hand_raise(proposal=post, user=board.ward)
        assert list(desk.stale_proposals()) == []
        hand_withdraw(proposal=post, user=board.ward)
        assert list(desk.stale_proposals()) == [post]

    def test_only_another_municipalitys_reply_answers_a_post(self, board):
        post = post_proposal(board.proposer, title="自分で補足した提案")
        _age(post, 15)
        reply_post(proposal=post, author=board.proposer, body="補足です")  # its own municipality
        assert list(desk.stale_proposals()) == [post]
        reply_post(proposal=post, author=board.ward, body="検討します")
        assert list(desk.stale_proposals()) == []
        Proposal.objects.filter(pk=post.pk).update(status="closed")
        assert list(desk.stale_proposals()) == []  # closed posts wait for nobody

    def test_the_admins_changes_to_replies_and_hands_move_the_stale_list(self, client, board):
        post = post_proposal(board.proposer, title="管理画面で返信を削除した提案")
        other = post_proposal(board.proposer, title="返信の付け替え先")
        _age(post, 15)
        _age(other, 15)
        reply = reply_post(proposal=post, author=board.ward, body="検討します")
        assert list(desk.stale_proposals()) == [other]
        pass_second_factor(client, board.secretariat)
        # The reply moved to the other post in the admin: the first post waits again.
        change = client.get(reverse("admin:bulletin_reply_change", args=[reply.pk]))
        assert change.status_code == 200
        initial = change.context["adminform"].form.initial
        data = {key: "" if value is None else value for key, value in initial.items()}
        data.update(proposal=other.pk, body=reply.body)
        response = client.post(reverse("admin:bulletin_reply_change", args=[reply.pk]), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert list(desk.stale_proposals()) == [post]
        # Deleted in the admin: both wait.
        response = client.post(
            reverse("admin:bulletin_reply_delete", args=[reply.pk]), {"post": "yes"}
        )
        assert response.status_code == 302
        assert not Reply.objects.exists()
        assert list(desk.stale_proposals()) == [post, other]
        # A hand removed with the changelist's bulk delete action: the post waits again.
        hand_raise(proposal=post, user=board.ward)
        assert list(desk.stale_proposals()) == [other]
        response = client.post(
            reverse("admin:bulletin_handraise_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [HandRaise.objects.get().pk],
                "post": "yes",
            },
        )
        assert response.status_code == 302
        assert list(desk.stale_proposals()) == [post, other]

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the partial index's plan is PostgreSQL's"
    )
    def test_the_stale_list_reads_only_the_unanswered_posts(self, board):
        """On PostgreSQL the stale list is read through the partial index of unanswered open
        posts, so its cost does not grow with the answered ones (issue 26: 236 ms at 100,000
        proposals when it scanned every open post)."""
        post_proposal(board.proposer)
        queryset = desk.stale_proposals()[: desk.QUEUE_LENGTH]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = queryset.explain()
        assert "proposal_unanswered" in plan

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
