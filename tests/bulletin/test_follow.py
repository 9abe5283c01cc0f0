"""Following a post from its page (ワッチ)."""

from django.urls import reverse

from bulletin.models import Follow


class TestFollow:
    """The follow button."""

    def test_follow_and_unfollow_from_the_page(self, client, board, proposal):
        client.force_login(board.ward)
        url = reverse("bulletin:proposal-follow", args=[proposal.pk])
        client.post(url, {"action": "follow"})
        assert Follow.objects.filter(user=board.ward).exists()
        assert "ワッチをやめる" in client.get(proposal.get_absolute_url()).content.decode()
        client.post(url, {"action": "unfollow"})
        assert not Follow.objects.exists()
