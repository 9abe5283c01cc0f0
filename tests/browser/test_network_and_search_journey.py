import re

import pytest
from playwright.sync_api import expect

from agreements.models import AgreementBody


@pytest.fixture
def seeded(transactional_db, shipped_data):
    """What `manage.py seed` writes, committed for the live server (tests/conftest.py)."""


def test_the_agreements_map_names_every_member_and_keyboard_users_reach_them(journey, seeded):
    members = {
        f"{m.name}（{m.prefecture.name}）"
        for m in AgreementBody.objects.member_municipalities().select_related("prefecture")
    }
    assert len(members) == 372
    page = journey.goto("/")
    page = journey.follow(page.locator("a.network-map-link"))
    assert page.url.endswith("/agreements/#network-map")
    # The map is a document of its own in a frame (the page stays light); its marks are links.
    map_ = framed_map(page)
    labels = map_.locator("a").evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
    named = {label.split("：")[0] for label in labels if "広域連携協定の構成自治体" in label}
    assert named == members
    # The others are one image of dots that says how many they are.
    dots = map_.locator(".network-map__mark--none")
    unrelated = int(re.search(r"記録なし：([0-9]+)自治体", dots.get_attribute("aria-label"))[1])
    assert map_.locator("a").count() + unrelated == 1741

    # Keyboard: the first mark takes the focus, its name shows below the map, Enter opens it
    # in the page (not in the frame).
    first = map_.locator("a").first
    first.focus()
    focus_line = page.locator("[data-network-map-focus]")
    expect(focus_line).to_have_text(first.get_attribute("aria-label"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/municipalities/" in page.url
    journey.check()

    # The table beside the map holds the same facts.
    page = journey.goto("/agreements/")
    assert page.locator("#network-map-table tfoot").inner_text().split()[1:3] == ["1,741", "23"]

    # On a phone the map fits the width, and its drawing fills the frame.
    page.set_viewport_size({"width": 375, "height": 740})
    frame = page.locator("iframe.network-map__canvas")
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    assert box["width"] <= 375 and box["height"] > box["width"]
    drawing = framed_map(page).locator("svg.network-map__svg").bounding_box()
    assert abs(drawing["height"] - box["height"]) < 2
    page.emulate_media(forced_colors="active")
    journey.check()
    # In print the map keeps its marks (the focus line is dropped).
    page.emulate_media(media="print", forced_colors="none")
    assert frame.is_visible()
    assert page.locator("[data-network-map-focus]").is_hidden()


def framed_map(page):
    """The map document in the page's frame, once it has loaded."""
    page.locator("iframe.network-map__canvas").scroll_into_view_if_needed()
    map_ = page.frame_locator("iframe.network-map__canvas")
    map_.locator("svg.network-map__svg a").first.wait_for(state="attached")
    return map_


def test_a_bodys_page_highlights_its_members(journey, seeded):
    page = journey.goto("/agreements/")
    page = journey.follow(page.get_by_role("link", name="群馬県市長会", exact=True))
    highlighted = framed_map(page).locator("svg.network-map__svg a .is-highlighted")
    assert highlighted.count() == 12


def search(journey, words):
    page = journey.page
    box = page.get_by_role("search", name="サイト内検索").get_by_label("サイト内を検索")
    box.fill(words)
    with page.expect_navigation():
        box.press("Enter")
    journey.check()
    return page


def test_one_search_box_finds_municipalities_collaborations_and_lectures(journey, seeded):
    page = journey.goto("/events/")
    page = search(journey, "白糠")
    assert page.get_by_role("heading", level=1).inner_text() == "「白糠」の検索結果"
    municipalities = page.locator("#group-municipalities + .search-results")
    assert municipalities.get_by_role("link", name="白糠町").is_visible()

    page = search(journey, "しらぬか")
    assert (
        page.locator("#group-municipalities + .search-results")
        .get_by_role("link", name="白糠町")
        .is_visible()
    )
    assert page.locator("mark", has_text="シラヌカ").count() >= 1

    page = search(journey, "黄金がに")
    collaborations = page.locator("#group-collaborations + .search-results")
    assert "坂井市" in collaborations.inner_text()
    journey.follow(collaborations.get_by_role("link").first)
    assert "黄金がに" in page.get_by_role("heading", level=1).inner_text()

    page = search(journey, "講演会")
    events = page.locator("#group-events + .search-results")
    assert events.get_by_role("link", name="第1回全国連携講演会").count() >= 1
    page = journey.follow(page.get_by_role("link", name="イベント・展示をすべて見る", exact=False))
    assert page.locator(".search-result").count() >= 8

    page = search(journey, "該当しないことば")
    assert "見つかりませんでした" in page.locator("main").inner_text()
    journey.follow(page.get_by_role("link", name="しらぬか"))
    assert page.get_by_role("link", name="白糠町").count() >= 1
