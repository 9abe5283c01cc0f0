"""Saved searches of the board and their alerts."""

import datetime

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Notification, ProposalField, SavedSearch
from bulletin.services.fanouts import fanouts_expand
from bulletin.services.interests import saved_search_alerts, saved_search_create
from bulletin.services.notifications import alerts_set

from .conftest import post_proposal as submit_proposal


def post_proposal(author, **overrides):
    """A proposal posted, then announced by the worker, whose next step is the alerts."""
    post = submit_proposal(author, **overrides)
    fanouts_expand()
    return post


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


def saved_list(client) -> BeautifulSoup:
    response = client.get(reverse("bulletin:saved-search-list"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def row_of(soup, saved) -> str:
    return " ".join(soup.select_one(f"#saved-search-{saved.pk}").get_text(" ").split())


class TestTheSavedSearchList:
    """Each row says what the search looks for and switches its own alerts."""

    def test_each_row_shows_its_conditions_in_words(self, client, board):
        client.force_login(board.ward)
        tourism = saved_search_create(
            user=board.ward,
            name="福井の観光",
            query="q=%E3%81%8B%E3%81%AB&field=tourism&kind=event&prefecture=18&direction=call",
        )
        everything = saved_search_create(user=board.ward, name="すべて", query="")
        stale = saved_search_create(user=board.ward, name="古い", query="field=no-such-field")
        soup = saved_list(client)
        row = row_of(soup, tourism)
        for condition in [
            "キーワード：かに",
            "分野：観光振興",
            "連携の種類：イベント出展",
            "提案自治体の都道府県：福井県",
            "投稿の種類：区からの募集",
        ]:
            assert condition in row
        assert "field=tourism" not in row
        assert "すべての投稿（条件なし）" in row_of(soup, everything)
        assert "分野：no-such-field" in row_of(soup, stale)

    def test_conditions_read_in_english_on_english_pages(self, client, board):
        client.force_login(board.ward)
        saved = saved_search_create(user=board.ward, name="kani", query="field=tourism")
        response = client.get("/en" + reverse("bulletin:saved-search-list"))
        soup = BeautifulSoup(response.content, "html.parser")
        assert "Policy area: Tourism promotion" in row_of(soup, saved)

    def test_the_owner_switches_one_search_off_and_on(self, client, board):
        client.force_login(board.ward)
        saved = saved_search_create(user=board.ward, name="防災", query="field=disaster")
        other = saved_search_create(user=board.ward, name="観光", query="field=tourism")
        assert "オン 通知をオフにする" in row_of(saved_list(client), saved)
        url = reverse("bulletin:saved-search-alerts", args=[saved.pk])
        response = client.post(url, {"alerts": "off"})
        assert response.status_code == 302
        saved.refresh_from_db()
        assert saved.alerts is False
        assert SavedSearch.objects.get(pk=other.pk).alerts is True
        soup = saved_list(client)
        assert "オフ 通知をオンにする" in row_of(soup, saved)
        assert "「防災」の通知をオフにしました。" in soup.get_text()
        client.post(url, {"alerts": "on"})
        assert SavedSearch.objects.get(pk=saved.pk).alerts is True

    def test_a_search_switched_off_says_nothing_and_on_again_only_of_new_posts(self, client, board):
        client.force_login(board.ward)
        alerts_set(user=board.ward, muted_kinds=["new"])
        saved = saved_search_create(user=board.ward, name="防災", query="field=disaster")
        SavedSearch.objects.update(checked_at=timezone.now() - datetime.timedelta(minutes=1))
        url = reverse("bulletin:saved-search-alerts", args=[saved.pk])
        client.post(url, {"alerts": "off"})
        quiet = post_proposal(board.proposer, field=ProposalField.DISASTER)
        quiet.__class__.objects.filter(pk=quiet.pk).update(
            created_at=timezone.now() - datetime.timedelta(seconds=30)
        )
        assert saved_search_alerts() == 0
        client.post(url, {"alerts": "on"})
        assert saved_search_alerts() == 0  # the post of the quiet time is not announced late
        fresh = post_proposal(board.proposer, field=ProposalField.DISASTER)
        assert saved_search_alerts() == 1
        assert Notification.objects.get(recipient=board.ward, kind="search").proposal == fresh

    def test_another_members_search_is_not_found(self, client, board):
        saved = saved_search_create(user=board.ward, name="防災", query="field=disaster")
        client.force_login(board.proposer)
        response = client.post(
            reverse("bulletin:saved-search-alerts", args=[saved.pk]), {"alerts": "off"}
        )
        assert response.status_code == 404
        assert SavedSearch.objects.get(pk=saved.pk).alerts is True

    def test_bad_values_and_ids_are_refused(self, client, board):
        client.force_login(board.ward)
        saved = saved_search_create(user=board.ward, name="防災", query="field=disaster")
        url = reverse("bulletin:saved-search-alerts", args=[saved.pk])
        for data in [
            {},
            {"alerts": ""},
            {"alerts": "yes"},
            {"alerts": "off\x00"},
            {"alerts": ["on", "x" * 5000]},
        ]:
            response = client.post(url, data)
            assert response.status_code == 400, data
        assert SavedSearch.objects.get(pk=saved.pk).alerts is True
        for path in [
            f"/board/searches/{saved.pk + 1000}/alerts/",
            "/board/searches/99999999999999999999/alerts/",
        ]:
            assert 400 <= client.post(path, {"alerts": "off"}).status_code < 500
        assert client.get(url).status_code == 405

    def test_switched_off_globally_every_switch_reads_off(self, client, board):
        client.force_login(board.ward)
        on = saved_search_create(user=board.ward, name="防災", query="field=disaster")
        off = saved_search_create(user=board.ward, name="観光", query="field=tourism")
        SavedSearch.objects.filter(pk=off.pk).update(alerts=False)
        alerts_set(user=board.ward, muted_kinds=["search"])
        soup = saved_list(client)
        notice = soup.select_one("#alerts-muted")
        assert "保存した検索の通知はすべて届きません" in notice.get_text()
        assert notice.select_one("a")["href"] == reverse("bulletin:alert-settings")
        assert "オフ （受け取る通知でオンにすると届きます）" in row_of(soup, on)
        assert "オン" not in row_of(soup, off)
        assert not soup.select(".saved-search__alerts form")
        # And indeed nothing is sent for the search whose own switch is on.
        SavedSearch.objects.update(checked_at=timezone.now() - datetime.timedelta(minutes=1))
        post_proposal(board.proposer, field=ProposalField.DISASTER)
        saved_search_alerts()
        assert not Notification.objects.filter(recipient=board.ward, kind="search").exists()
