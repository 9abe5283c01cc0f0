"""The consultation desk: a private thread between a member's municipality and the secretariat."""

from django.urls import reverse

from bulletin.models import Consultation
from bulletin.services.consultations import consultation_open
from members.models import OutgoingEmail
from tests.factories import pass_second_factor

from .test_permission_matrix import LOGIN, outcome


class TestConsultations:
    def test_a_thread_between_a_member_and_the_secretariat(self, client, board):
        client.force_login(board.proposer)
        response = client.post(
            reverse("bulletin:consultation-create"),
            {"subject": "区との連携について", "body": "進め方を教えてください"},
        )
        consultation = Consultation.objects.get()
        assert response["Location"] == consultation.get_absolute_url()
        assert OutgoingEmail.objects.filter(
            to="jimukyoku@example.jp", subject__contains="相談"
        ).exists()
        pass_second_factor(client, board.secretariat)
        client.post(consultation.get_absolute_url(), {"body": "まず掲示板に投稿しましょう"})
        consultation.refresh_from_db()
        assert consultation.status == "answered"
        assert OutgoingEmail.objects.filter(
            to="sakai@example.jp", subject__contains="回答"
        ).exists()
        client.force_login(board.colleague)  # the same municipality sees the thread
        page = client.get(consultation.get_absolute_url()).content.decode()
        assert "まず掲示板に投稿しましょう" in page and "進め方を教えてください" in page

    def test_never_public(self, client, board):
        consultation = consultation_open(author=board.proposer, subject="件名", body="本文")
        assert outcome(client.get(consultation.get_absolute_url())) == LOGIN
        client.force_login(board.other)
        assert client.get(consultation.get_absolute_url()).status_code == 404
        assert "件名" not in client.get(reverse("bulletin:consultation-list")).content.decode()
