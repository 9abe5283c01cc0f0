"""A report on a post mails the secretariat, through the outbox."""

from django.core import mail

from bulletin.services.moderation import post_report
from members.models import OutgoingEmail


class TestReportMail:
    def test_a_new_report_mails_the_secretariat_through_the_outbox(
        self, board, proposal, django_capture_on_commit_callbacks, send_outbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            post_report(reporter=board.other, reason="不適切です", proposal=proposal)
        email = OutgoingEmail.objects.get(to="jimukyoku@example.jp")
        assert "新しい通報" in email.subject and "不適切です" in email.body
        assert mail.outbox == []  # the request sends nothing; the worker does
        assert [m.to for m in send_outbox()] == [["jimukyoku@example.jp"]]
