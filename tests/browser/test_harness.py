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
