"""The admin forms the secretariat fills most (an event, a publication) pass axe-core, their
select2 autocomplete boxes included: opened, the search box inside has a name."""

import pytest

from tests.factories import TOTP_SECRET, make_secretariat, totp_code

PASSWORD = "correct-horse-battery"


@pytest.fixture
def secretariat(transactional_db):
    return make_secretariat("jimukyoku@example.jp")


def log_in(journey):
    page = journey.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill("jimukyoku@example.jp")
    page.locator("[name=password]").fill(PASSWORD)
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    page.locator("[name=code]").fill(totp_code(TOTP_SECRET))
    return journey.follow(page.get_by_role("button", name="ログイン"))


@pytest.mark.parametrize("path", ["/admin/events/event/add/", "/admin/record/publication/add/"])
def test_the_event_and_publication_add_pages_have_no_violations(journey, secretariat, path):
    log_in(journey)
    page = journey.goto(path)
    boxes = page.locator(".select2-container .select2-selection")
    assert boxes.count() >= 2  # the autocomplete fields are there to be checked
    # With a dropdown open, its search box is in the page too: check it as well.
    boxes.first.click()
    page.locator(".select2-search__field").first.wait_for(state="visible")
    page.locator(".select2-results__option").first.wait_for(state="attached")
    journey.check()
    assert journey.checked.count(path) == 2
