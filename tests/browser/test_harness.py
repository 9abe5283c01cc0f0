import pytest


def test_accessibility_check_catches_a_violation(journey, db):
    """The harness itself: a page with an unlabelled image and input must be reported."""
    journey.goto("/")
    journey.page.set_content(
        '<html lang="ja"><body><main><img src="x.png"><input></main></body></html>'
    )
    journey.check()
    found = " ".join(journey.violations.get(journey.page.url.removeprefix(journey.base_url), []))
    assert "image-alt" in found and "label" in found
    journey.violations.clear()  # the deliberate violations are not the site's


def test_goto_fails_on_a_missing_page_unless_told_to_expect_it(journey, db):
    """The harness itself: an accessible 404 page must not pass for the page a journey meant."""
    with pytest.raises(AssertionError, match="HTTP 404, expected 200"):
        journey.goto("/no-such-page/")
    page = journey.goto("/no-such-page/", status=404)
    assert "ページが見つかりません" in page.locator("main").inner_text()


def test_follow_fails_on_a_link_to_a_missing_page(journey, db):
    page = journey.goto("/")
    page.set_content(
        '<html lang="ja"><body><main><a href="/no-such-page/">壊れたリンク</a></main></body></html>'
    )
    with pytest.raises(AssertionError, match="HTTP 404, expected 200"):
        journey.follow(page.get_by_role("link", name="壊れたリンク"))
    journey.goto("/")
    page.set_content(
        '<html lang="ja"><body><main><a href="/no-such-page/">壊れたリンク</a></main></body></html>'
    )
    journey.follow(page.get_by_role("link", name="壊れたリンク"), status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "ページが見つかりません"
