"""The 対策本部 on a 390 px phone over a slow connection, with a busy 対策本部 on it (tests/disaster/busy.py): a ward's
member and the affected municipality's member read the 対策本部 page and a request page without
sideways scrolling, every control is on the screen, large enough to tap and not covered, no text
is cut off, and a commitment is filled in and sent, and accepted, at that width. No image is
fetched. axe-core checks every page. (What the pages weigh: tests/disaster/test_page_weight.py.)"""

import pytest

from tests.browser.test_phone_print_and_languages import PHONE, assert_fits_a_phone
from tests.disaster.busy import busy_headquarters

# Every control a person uses in <main>: it can be scrolled to, lies within the screen's width
# once there, is at least 24 px each way (WCAG 2.5.8) and is what a tap at its centre reaches.
CONTROLS = "main input:not([type=hidden]), main select, main textarea, main button, main a.button"
REACHABLE = """e => {
  let r = e.getBoundingClientRect();
  if ((e.type === 'radio' || e.type === 'checkbox') && e.labels && e.labels.length) {
    // Its label is part of what a tap reaches (the two are one target).
    const l = e.labels[0].getBoundingClientRect();
    const left = Math.min(r.left, l.left), top = Math.min(r.top, l.top);
    r = {left, top, right: Math.max(r.right, l.right), bottom: Math.max(r.bottom, l.bottom),
         width: Math.max(r.right, l.right) - left, height: Math.max(r.bottom, l.bottom) - top};
  }
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const label = (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || e.name || e.id);
  return {label: label.trim().slice(0, 30), left: r.left, right: r.right, width: r.width,
          height: r.height, hit: !!hit && (hit === e || e.contains(hit) ||
            (e.labels && Array.from(e.labels).some(l => l.contains(hit))))};
}"""

# Text cut off: a box that hides what overflows it and has more than it shows, an ellipsis, or
# an element reaching past the screen's right edge outside a table frame that scrolls.
CLIPPED = """() => {
  const width = window.innerWidth, clipped = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.visually-hidden, .skip-link, [hidden], script, style, head')) continue;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (!e.innerText || !e.innerText.trim()) continue;
    const box = e.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) continue;  // visually hidden on purpose
    const hides = v => v === 'hidden' || v === 'clip';
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + e.innerText.trim().slice(0, 20);
    if ((hides(style.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
        (hides(style.overflowY) && e.scrollHeight > e.clientHeight + 1) ||
        style.textOverflow === 'ellipsis') clipped.push('clipped: ' + name);
    const r = e.getBoundingClientRect();
    if (r.width && r.right > width + 0.5 && !e.closest('.table-wrap')) clipped.push('past the edge: ' + name);
  }
  return clipped;
}"""


@pytest.fixture
def busy(transactional_db, full_register):
    return busy_headquarters()


# A poor mobile connection (Chrome DevTools' "Slow 3G"): 400 ms round trips, 50 kB/s each way.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}


@pytest.fixture
def phone(journey):
    """The journey at 390 px over a slow connection, noting every image, font or media file the
    pages fetch."""
    journey.page.set_viewport_size(PHONE)
    network = journey.page.context.new_cdp_session(journey.page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW_3G)
    journey.fetched = []
    journey.page.on(
        "request",
        lambda request: (
            request.resource_type in ("image", "media", "font")
            and journey.fetched.append(request.url)
        ),
    )
    return journey


def assert_usable_on_a_phone(page, path, *, controls_expected=True):
    assert_fits_a_phone(page, path)
    assert page.evaluate(CLIPPED) == [], path
    controls = page.locator(CONTROLS)
    assert (controls.count() > 0) is controls_expected, path
    for index in range(controls.count()):
        control = controls.nth(index)
        control.scroll_into_view_if_needed()
        box = control.evaluate(REACHABLE)
        assert box["left"] >= 0 and box["right"] <= PHONE["width"], (path, box)
        assert box["width"] >= 24 and box["height"] >= 24, (path, box)
        assert box["hit"], f"{path}: {box['label']} is covered"
    page.evaluate("window.scrollTo(0, 0)")


def test_a_ward_reads_and_commits_on_a_phone(phone, busy):
    headquarters = busy.disaster.get_absolute_url()
    page = phone.sign_in(busy.edogawa, headquarters)
    assert_usable_on_a_phone(page, headquarters)
    # The report form fits as well.
    page = phone.follow(page.get_by_role("link", name="区の支援を報告する"))
    assert_usable_on_a_phone(page, page.url)
    page = phone.goto(headquarters)
    page = phone.follow(page.get_by_role("link", name="技術職員 8名"))
    request = busy.engineers.get_absolute_url()
    assert page.url.endswith(request)
    assert_usable_on_a_phone(page, request)
    assert page.get_by_text("技術職員 8名のうち 6名 確保、残り 2名").is_visible()

    page.get_by_label("応援する数").fill("2")
    page.get_by_label("期間（開始）").fill("2027-01-10")
    page.get_by_label("期間（終了）").fill("2027-01-24")
    page.get_by_label("担当・連絡先").fill("江戸川区 危機管理部 防災危機管理課 03-3652-1111")
    page = phone.follow(page.get_by_role("button", name="申し出る"))
    assert page.get_by_text("技術職員 8名のうち 8名 確保、残り 0名").is_visible()
    assert page.locator(".progress-line + p strong").inner_text() == "充足"
    assert_usable_on_a_phone(page, request, controls_expected=False)  # nothing left to offer
    assert busy.engineers.commitments.filter(ward__name="江戸川区", quantity=2).exists()
    assert phone.fetched == []


def test_the_affected_municipality_reads_and_accepts_on_a_phone(phone, busy):
    headquarters = busy.disaster.get_absolute_url()
    page = phone.sign_in(busy.wajima_member, headquarters)
    assert_usable_on_a_phone(page, headquarters)
    # The form that posts a request fits as well.
    page = phone.follow(page.get_by_role("link", name="支援を要請する"))
    assert_usable_on_a_phone(page, page.url)
    page = phone.goto(headquarters)
    page = phone.follow(page.get_by_role("link", name="保健師 5名"))
    request = busy.nurses.get_absolute_url()
    assert_usable_on_a_phone(page, request)
    accept = page.get_by_role("button", name="江戸川区の応援を受け入れる")
    accept.scroll_into_view_if_needed()
    page = phone.follow(accept)
    assert page.get_by_role("row", name="江戸川区").get_by_text("受入れ決定").is_visible()
    assert_usable_on_a_phone(page, request)
    assert phone.fetched == []


def test_the_secretariat_manages_on_a_phone(phone, busy):
    """The secretariat's controls (the pairing form, closing) fit too, and its fund form."""
    headquarters = busy.disaster.get_absolute_url()
    page = phone.sign_in(busy.secretariat, headquarters, second_factor=True)
    assert_usable_on_a_phone(page, headquarters)
    assert page.get_by_role("button", name="対口支援を提案する").is_visible()
    page = phone.follow(page.get_by_role("link", name="復興支援金を記録する"))
    assert_usable_on_a_phone(page, page.url)
    assert phone.fetched == []


def test_the_public_record_reads_on_a_phone(phone, busy):
    path = f"/disaster-support/{busy.disaster.slug}/"
    page = phone.goto(path)
    assert_fits_a_phone(page, path)
    assert page.evaluate(CLIPPED) == [], path
    assert phone.fetched == []
