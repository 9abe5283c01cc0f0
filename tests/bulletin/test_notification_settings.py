"""The notifications page, the alert settings that silence kinds, and the cost of notifying."""

from django.urls import reverse

from bulletin.models import Notification
from bulletin.services.replies import reply_post
from tests.factories import make_member, make_ward

from .conftest import post_proposal


class TestNotificationSettings:
    """What a member is told and how."""

    def test_alert_settings_turn_kinds_off(self, client, board):
        client.force_login(board.ward)
        client.post(reverse("bulletin:alert-settings"), {"kinds": ["reply", "hand", "status"]})
        post_proposal(board.proposer)
        assert not Notification.objects.filter(recipient=board.ward).exists()

    def test_notifications_page_groups_unread(self, client, board, proposal, run_fanout):
        reply_post(proposal=proposal, author=board.ward, body="ぜひ")
        post_proposal(board.other)
        run_fanout()
        client.force_login(board.ward)
        page = client.get(reverse("bulletin:notification-list")).content.decode()
        assert "未読（1件）" in page and "関心に合う新しい提案・募集" in page
        client.post(reverse("bulletin:notification-list"))
        page = client.get(reverse("bulletin:notification-list")).content.decode()
        assert "未読（" not in page and "既読" in page

    def test_posting_time_queries_are_constant_in_recipients(self, board, assert_queries_constant):
        ward = make_ward("目黒区", "131105", "メグロク")
        few = assert_queries_constant.count(lambda: post_proposal(board.proposer))[1]
        for _ in range(10):
            make_member(ward)
        assert assert_queries_constant.count(lambda: post_proposal(board.proposer))[1] == few
