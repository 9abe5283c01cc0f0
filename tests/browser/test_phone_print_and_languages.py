"""The site as people hold it: a 390 px phone (no sideways scrolling, no table squeezed to a few
characters a line, a menu button, filters folded), the partner chart at any width, print on A4,
the language switch both ways, and joining from the top page. axe-core checks every page."""

import re

import pytest
from django.core import mail

from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import proposal_submit
from members.models import Municipality, OutgoingEmail
from tests.bulletin.conftest import proposal_data
from tests.factories import make_member
from tests.pages import PUBLIC_PAGES

PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse-battery"

# What a phone reader notices, measured in the page: the page scrolls sideways; a table cell that
# wraps is narrower than five characters; a table that is wider than the screen is not inside a
# focusable, named region that scrolls on its own.
LAYOUT = """() => {
  const width = window.innerWidth;
  const squeezed = [];
  for (const cell of document.querySelectorAll('main th, main td')) {
    const style = getComputedStyle(cell);
    const em = parseFloat(style.fontSize);
    const content = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const lines = Math.round((cell.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) / parseFloat(style.lineHeight));
    if (lines > 1 && content < 5 * em && cell.innerText.trim().length > 4) squeezed.push(cell.innerText.trim().slice(0, 20));
  }
  const frames = [];
  for (const table of document.querySelectorAll('main table')) {
    const frame = table.closest('.table-wrap');
    const scrolls = frame && getComputedStyle(frame).overflowX === 'auto';
    const named = frame && frame.getAttribute('role') === 'region' && frame.tabIndex === 0 &&
      (frame.getAttribute('aria-label') || document.getElementById(frame.getAttribute('aria-labelledby')));
    if (!scrolls || !named) frames.push(table.id || table.className || 'table');
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, squeezed, frames};
}"""


@pytest.fixture
def seeded(transactional_db, shipped_data):
    """What `manage.py seed` writes, committed for the live server (tests/conftest.py)."""


def assert_fits_a_phone(page, path):
    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["width"], f"{path} scrolls sideways: {layout}"
    assert layout["squeezed"] == [], f"{path} squeezes table cells: {layout['squeezed']}"
    assert layout["frames"] == [], f"{path}: tables outside a focusable region: {layout['frames']}"


def test_every_page_fits_a_phone(journey, seeded):
    sakai = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    proposal = proposal_submit(author=sakai, data=proposal_data(), wards=())
    proposal_change_status(proposal=proposal, user=sakai, to_status="coordinating")
    journey.page.set_viewport_size(PHONE)

    for path in PUBLIC_PAGES:
        page = journey.goto(path)
        assert_fits_a_phone(page, path)

    page = journey.sign_in(sakai, "/board/")
    assert_fits_a_phone(page, "/board/")
    page = journey.goto(f"/board/{proposal.pk}/")
    assert_fits_a_phone(page, page.url)
    assert page.locator("main table").count() >= 1  # the status history, in its frame


def test_the_menu_button_folds_the_navigation_on_a_phone(journey, seeded):
    page = journey.page
    page.set_viewport_size(PHONE)
    journey.goto("/")
    button = page.get_by_role("button", name="メニュー")
    nav = page.locator("#" + button.get_attribute("aria-controls"))
    assert nav.get_attribute("aria-label") == "メインメニュー"
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="イベント").is_visible()
    journey.check()  # axe-core with the menu open
    button.click()
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()

    # On a wide screen there is no button and the navigation is always there.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not button.is_visible()
    assert nav.get_by_role("link", name="イベント").is_visible()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_header_takes_little_of_a_phones_first_screen(journey, seeded, prefix):
    page = journey.page
    page.set_viewport_size(PHONE)
    journey.goto(prefix + "/")
    header = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
    assert header <= 0.15 * PHONE["height"], f"the header is {header}px high"
    assert page.locator("#site-search-q").is_visible()
    # The language switch is one tap away, with the menu.
    assert not page.locator(".lang-switch").is_visible()
    page.locator(".menu-button").click()
    assert page.locator(".lang-switch select").is_visible()
    journey.check()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_the_search_button_label_never_wraps(journey, seeded, width):
    page = journey.page
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/", "/en/"):
        journey.goto(path)
        lines = page.locator(".site-search button").evaluate(
            """b => { const r = document.createRange(); r.selectNodeContents(b);
                      return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }"""
        )
        assert lines == 1, f"{path} at {width}px: the search button wraps onto {lines} lines"


@pytest.mark.parametrize("path", ["/", "/events/", "/library/"])
def test_cards_in_a_row_line_up(journey, seeded, path):
    page = journey.page
    page.set_viewport_size({"width": 1280, "height": 900})
    journey.goto(path)
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll('.card-list')).map(list =>
             Array.from(list.children).map(card => Math.round(card.getBoundingClientRect().top)))"""
    )
    assert any(len(tops) > 1 for tops in rows), f"{path}: no card list with two cards"
    for tops in rows:
        # Cards wrap into rows; each row's cards start at the same height.
        first_row = [top for top in tops if top < tops[0] + 8]
        assert len(set(first_row)) == 1 and len(first_row) > min(1, len(tops) - 1), (path, tops)


TABLE_FRAMES = """() => Array.from(document.querySelectorAll('main .table-wrap')).map(frame => {
  const caption = frame.querySelector('caption:not(.visually-hidden)');
  const f = frame.getBoundingClientRect(), c = caption && caption.getBoundingClientRect();
  return {name: frame.getAttribute('aria-label') || frame.getAttribute('aria-labelledby'),
          scrolls: frame.scrollWidth > frame.clientWidth,
          cue: getComputedStyle(frame).backgroundImage.includes('gradient'),
          captionInside: !c || (c.left >= f.left - 0.5 && c.right <= f.right + 0.5)};
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_tables_fit_the_column_or_show_that_they_scroll(journey, seeded, width):
    page = journey.page
    page.set_viewport_size({"width": width, "height": 900})
    for path in ["/partners/", "/agreements/", "/agreements/gunma-mayors/", "/disaster-support/"]:
        journey.goto(path)
        frames = page.evaluate(TABLE_FRAMES)
        assert frames, path
        for frame in frames:
            if width == 1280:  # the 1,120 px column holds every table of a body page
                assert not frame["scrolls"], (path, frame)
            assert frame["cue"] or not frame["scrolls"], (path, frame)
            assert frame["captionInside"], f"{path}: the caption of {frame['name']} is clipped"


def test_without_javascript_the_menu_and_filters_stay_open(browser, live_server, seeded):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/events/")
    nav = page.get_by_role("navigation", name="メインメニュー")
    assert nav.get_by_role("link", name="イベント").is_visible()
    assert not page.get_by_role("button", name="メニュー").is_visible()
    assert page.get_by_role("button", name="絞り込む").is_visible()
    context.close()


def test_filters_fold_on_a_phone_so_the_results_come_first(journey, seeded):
    page = journey.page
    page.set_viewport_size(PHONE)
    for path, first_result in [
        ("/events/", ".event-card"),
        ("/collaborations/", "main table"),
        ("/municipalities/", "main .card, main table, main li a"),
    ]:
        journey.goto(path)
        toggle = page.locator("details.filters-toggle")
        assert toggle.get_attribute("open") is None, path
        assert not page.get_by_role("button", name="絞り込む").is_visible()
        top = page.locator(first_result).first.evaluate("e => e.getBoundingClientRect().top")
        assert top < PHONE["height"], f"{path}: the first result starts at {top}px"
    # Opening the filters still works, and filtering does.
    journey.goto("/events/")
    page.locator("details.filters-toggle > summary").click()
    page.get_by_label("種類").select_option(label="全国連携講演会")
    journey.follow(page.get_by_role("button", name="絞り込む"))
    assert page.locator(".event-card").count() >= 1

    page.set_viewport_size({"width": 1280, "height": 800})
    journey.goto("/events/")
    assert page.locator("details.filters-toggle").get_attribute("open") is not None
    assert page.get_by_role("button", name="絞り込む").is_visible()


BOXES = """selector => Array.from(document.querySelectorAll(selector)).map(e => {
  const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent.trim()];
})"""


def overlapping(boxes):
    return [
        (a[4], b[4])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


@pytest.mark.parametrize("width", [360, 390, 768, 1280])
def test_the_partner_charts_labels_and_legend_never_overlap(journey, seeded, width):
    page = journey.page
    page.set_viewport_size({"width": width, "height": 900})
    journey.goto("/partners/")
    # The labels a reader sees (the others are for other widths): at least five years of nine,
    # none touching another, none smaller than 12 px as rendered.
    labels = [
        box for box in page.evaluate(BOXES, "svg.chart .chart__x-labels text") if box[2] > box[0]
    ]
    assert len(labels) >= 5
    assert overlapping(labels) == []
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll('svg.chart text'))
          .filter(e => e.getBoundingClientRect().width > 0)
          .map(e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a)"""
    )
    assert min(sizes) >= 12, sizes
    # The chart uses the column's width, on a desktop too; its height is set before it draws.
    chart = page.locator("svg.chart")
    column = page.locator("main").evaluate("e => e.clientWidth - 32")
    assert chart.evaluate("e => e.getBoundingClientRect().width") >= column - 1
    assert chart.get_attribute("height").isdigit()
    legend = page.evaluate(BOXES, ".chart-legend li")
    assert [item[4] for item in legend] == [
        "各区交流自治体",
        "全国連携HP会員登録自治体",
        "広域連携協定締結自治体",
        "合計",
    ]
    assert overlapping(legend) == []
    # The legend and the labels stay inside the screen.
    assert max(box[2] for box in labels + legend) <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


A4_PRINTABLE = 680  # px at 96 dpi: 210 mm less 15 mm margins each side


@pytest.mark.parametrize("path", ["/partners/", "/collaborations/", "/agreements/", "/events/"])
def test_printing_shows_the_content_only_and_fits_a4(journey, seeded, path):
    page = journey.page
    page.set_viewport_size({"width": A4_PRINTABLE, "height": 960})
    journey.goto(path)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="メインメニュー").is_visible()
    assert not page.locator(".lang-switch").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator("details.filters-toggle").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_PRINTABLE
    for right in page.evaluate(BOXES, "main table, svg.chart"):
        assert right[2] <= A4_PRINTABLE
    pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm"})
    assert pdf.startswith(b"%PDF")


def test_the_language_switch_goes_both_ways(journey, seeded):
    page = journey.goto("/en/partners/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option(label="日本語")
    page = journey.follow(page.locator(".lang-switch button"))
    assert page.url == journey.base_url + "/partners/"
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text() == "連携自治体数の推移"

    page.get_by_label("Language").select_option(label="English")
    page = journey.follow(page.locator(".lang-switch button"))
    assert page.url == journey.base_url + "/en/partners/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() != "連携自治体数の推移"


def verification_link(address: str) -> str:
    """From the mail as it is sent: Django's outbox, or the portal's own outbox table."""
    bodies = [m.body for m in mail.outbox if address in m.to]
    bodies += list(OutgoingEmail.objects.filter(to=address).values_list("body", flat=True))
    assert bodies, f"no mail to {address}"
    return re.search(r"https?://[^/\s]+(/\S+)", bodies[-1]).group(1)


def test_a_municipality_joins_from_the_top_page(journey, seeded):
    page = journey.goto("/")
    page = journey.follow(page.get_by_role("link", name="会員登録（無料）に進む"))
    assert page.get_by_role("heading", level=1).inner_text() == "会員登録"
    page = journey.register_sakai_staff(PASSWORD)
    assert "確認" in page.get_by_role("heading", level=1).inner_text()

    page = journey.goto(verification_link("hanako@city.example.lg.jp"))
    page = journey.follow(page.get_by_role("button", name="確認"))
    assert page.url.endswith("/mypage/")
    assert page.get_by_role("heading", level=1).inner_text() == "マイページ"
    assert page.get_by_text("承認待ち").first.is_visible()
