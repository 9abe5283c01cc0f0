import icalendar
import pytest


@pytest.fixture
def seeded(transactional_db, shipped_data):
    """What `manage.py seed` writes, committed for the live server (tests/conftest.py)."""


def test_visitor_finds_a_lecture_and_downloads_its_calendar(journey, seeded):
    page = journey.goto("/")
    page = journey.follow(
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="イベント")
    )
    page.get_by_label("種類").select_option(label="全国連携講演会")
    page.get_by_label("年度").select_option(label="令和5年度")
    journey.follow(page.get_by_role("button", name="絞り込む"))
    cards = page.locator(".event-card .card__title a")
    assert cards.count() == 2
    journey.follow(cards.first)
    assert "令和5年度" in page.locator("main").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="カレンダーに追加（.ics）").click()
    calendar = icalendar.Calendar.from_ical(download_info.value.path().read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART").year in (2023, 2024)


def test_visitor_reads_the_partner_counts_and_the_agreements(journey, seeded):
    page = journey.goto("/")
    page = journey.follow(page.get_by_role("link", name="年度ごとの推移"))
    assert page.locator("svg.chart").is_visible()
    assert page.locator("#partner-table tbody tr").count() == 9
    page = journey.follow(
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="協定")
    )
    assert "9道府県・13団体・372自治体" in page.locator("main").inner_text()
    journey.follow(page.get_by_role("link", name="群馬県市長会"))
    assert page.get_by_role("heading", level=1).inner_text() == "群馬県市長会"


def test_every_public_record_page_is_accessible(journey, seeded):
    for path in [
        "/about/",
        "/timeline/",
        "/timeline/?year=2019",
        "/disaster-support/",
        "/policy/",
        "/newsletters/",
        "/events/exhibition-2019-1/",
        "/events/promotion-2020-1/",
        "/events/symposium-2016-2/",
        "/en/",
        "/en/partners/",
        "/en/about/",
        "/en/timeline/",
    ]:
        journey.goto(path)
