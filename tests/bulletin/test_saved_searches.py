"""Saved searches of the board and their alerts."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bulletin.models import Notification, ProposalField, SavedSearch
from bulletin.services.interests import saved_search_alerts
from bulletin.services.notifications import alerts_set

from .conftest import post_proposal


class TestSavedSearches:
    """A saved search speaks once per new match."""

    def test_saved_search_with_alerts(self, client, board):
        client.force_login(board.ward)
        client.post(
            reverse("bulletin:saved-search-list"),
            {"name": "防災", "query": "field=disaster&page=2", "alerts": "on"},
        )
        saved = SavedSearch.objects.get()
        assert saved.query == "field=disaster"
        SavedSearch.objects.update(checked_at=timezone.now() - datetime.timedelta(minutes=1))
        alerts_set(user=board.ward, muted_kinds=["new"])  # only the saved search speaks
        post_proposal(board.proposer, field=ProposalField.TOURISM)
        match = post_proposal(board.proposer, field=ProposalField.DISASTER)
        assert saved_search_alerts() == 1
        assert Notification.objects.get(recipient=board.ward, kind="search").proposal == match
        assert saved_search_alerts() == 0  # not twice
