"""The secretariat's desk, as issue 19 asked: reminders at most weekly, calls on the proposals'
14-day rule, the figures' CSV in the page's words, calls counted under the regions they address."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from bulletin import desk
from bulletin.models import FanOut, HandRaise, Notification, Proposal
from bulletin.services.consultations import consultation_open
from bulletin.services.interests import saved_search_create
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise
from core.dates import fiscal_year_of
from members.models import Prefecture, Region
from tests.factories import pass_second_factor

from .conftest import post_proposal
from .test_matching import call_data


def _age(post, days):
    Proposal.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def _remind(client, post):
    return client.post(reverse("bulletin:desk-remind", args=[post.pk]), follow=True)


class TestReminders:
    def test_five_clicks_send_one_reminder_a_week_and_the_desk_shows_when(
        self, client, board, run_fanout
    ):
        old = post_proposal(board.proposer, title="古い提案")
        _age(old, 15)
        pass_second_factor(client, board.secretariat)
        first = _remind(client, old)
        assert "対象の会員にまもなくお知らせが届きます" in first.content.decode()
        run_fanout()  # the worker tells the members
        told = Notification.objects.filter(kind="reminder", proposal=old).count()
        assert told == 1
        for _click in range(4):
            again = _remind(client, old)
        run_fanout()
        assert Notification.objects.filter(kind="reminder", proposal=old).count() == told
        assert "お知らせ済みです" in again.content.decode()
        section = again.content.decode().split('id="stale-heading"')[1].split("</section>")[0]
        assert "お知らせ済み" in section and "<time" in section
        assert reverse("bulletin:desk-remind", args=[old.pk]) not in section
        # A week later, the button is back and a second reminder goes out.
        FanOut.objects.filter(kind="reminder").update(
            created_at=timezone.now() - datetime.timedelta(days=8)
        )
        page = client.get(reverse("bulletin:desk")).content.decode()
        assert reverse("bulletin:desk-remind", args=[old.pk]) in page
        _remind(client, old)
        run_fanout()
        assert Notification.objects.filter(kind="reminder", proposal=old).count() == 2 * told


class TestStaleCalls:
    def test_a_call_is_flagged_after_14_days_not_minutes(self, board):
        call = call_submit(author=board.ward, data=call_data())
        assert list(desk.unanswered_calls()) == []
        _age(call, 13)
        assert list(desk.unanswered_calls()) == []
        _age(call, 15)
        assert list(desk.unanswered_calls()) == [call]


class TestFiguresCSV:
    def _same_day_answer(self, board):
        post = post_proposal(board.proposer)
        hand_raise(proposal=post, user=board.ward)
        HandRaise.objects.filter(proposal=post).update(raised_at=post.created_at)

    def test_the_csv_prints_what_the_page_prints_with_japanese_labels(self, client, board):
        self._same_day_answer(board)
        pass_second_factor(client, board.secretariat)
        fy = fiscal_year_of(timezone.localdate())
        page = client.get(reverse("bulletin:desk") + f"?fy={fy}").content.decode()
        assert "最初の回答までの日数（中央値） 0.0日" in page
        text = client.get(reverse("bulletin:desk-csv", args=["figures"]) + f"?fy={fy}")
        text = text.content.decode("utf-8-sig")
        assert "連携提案,合計,,1,1,0" in text
        assert "連携提案,分野,観光振興,1,1,0" in text
        assert "連携提案,最初の回答までの日数（中央値）,,0.0日" in text
        assert "区からの募集,最初の回答までの日数（中央値）,,—" in text
        assert "total" not in text and "median_days" not in text

    def test_the_english_csv_speaks_english(self, client, board):
        self._same_day_answer(board)
        pass_second_factor(client, board.secretariat)
        fy = fiscal_year_of(timezone.localdate())
        url = "/en" + reverse("bulletin:desk-csv", args=["figures"]) + f"?fy={fy}"
        text = client.get(url).content.decode("utf-8-sig")
        assert ",Total,,1,1,0" in text
        assert "Days to the first answer (median),,0.0 days" in text


class TestCallsByRegion:
    def test_calls_count_under_their_targets_regions_not_the_wards(self, board):
        Prefecture.objects.filter(code="13").update(region=Region.KANTO)
        fukui = Prefecture.objects.get(code="18")
        fukui.region = Region.CHUBU
        fukui.save()
        call_submit(author=board.ward, data=call_data(), target_prefectures=[fukui])
        call_submit(author=board.ward, data=call_data(target_region=Region.KYUSHU))
        call_submit(author=board.ward, data=call_data(title="どこからでも"))
        fy = fiscal_year_of(timezone.localdate())
        figures = desk.fiscal_year_figures(fy, direction="call")
        assert figures.by_region == {
            "中部地方": [1, 0, 0],
            "九州・沖縄地方": [1, 0, 0],
            "全国（対象の限定なし）": [1, 0, 0],
        }
        assert figures.posted == 3


FRAME = re.compile(r'<div class="table-wrap"([^>]*)>\s*<table')


def assert_tables_in_named_frames(html: str, *, tables: int):
    """Every table in <main> scrolls inside a focusable region with a name, as on the other pages
    (a keyboard user can scroll it; a screen reader announces what it holds)."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("<table") == tables
    frames = FRAME.findall(main)
    assert len(frames) == tables
    for attrs in frames:
        assert 'role="region"' in attrs and 'tabindex="0"' in attrs, attrs
        label = re.search(r'aria-label="([^"]+)"', attrs)
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', attrs)
        assert label or (labelled_by and f'id="{labelled_by.group(1)}"' in main), attrs


class TestScrollFrames:
    def test_the_desk_figures_saved_searches_and_consultations_scroll_in_named_frames(
        self, client, board
    ):
        saved_search_create(user=board.proposer, name="観光の提案", query="field=tourism")
        consultation_open(author=board.proposer, subject="進め方の相談", body="教えてください")
        pass_second_factor(client, board.secretariat)
        desk_page = client.get(reverse("bulletin:desk")).content.decode()
        assert_tables_in_named_frames(desk_page, tables=2)
        assert 'id="proposal-figures-caption"' in desk_page
        assert 'id="call-figures-caption"' in desk_page
        consultations = client.get(reverse("bulletin:consultation-list")).content.decode()
        assert_tables_in_named_frames(consultations, tables=1)
        client.force_login(board.proposer)
        searches = client.get(reverse("bulletin:saved-search-list")).content.decode()
        assert_tables_in_named_frames(searches, tables=1)
