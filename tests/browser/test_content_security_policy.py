"""Under the Content-Security-Policy the admin and allauth pages still work, and nothing on them
is refused: the test fails on any violation the browser reports (a `securitypolicyviolation`
event or a console message), on any page, including what the pages' scripts do when used."""

import pytest
from django.core.cache import cache

from members.models import MunicipalityKind
from tests.factories import (
    TOTP_SECRET,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    totp_code,
)

PASSWORD = "echizen-crab-2024"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


class Watched:
    """A browser tab that records every CSP violation and every page's policy header."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.violations: list[str] = []
        self.policies: dict[str, str | None] = {}
        self.context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
        self.context.set_default_timeout(15_000)
        self.context.expose_function(
            "reportCspViolation", lambda text: self.violations.append(f"{self.path}: {text}")
        )
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    @property
    def path(self):
        return self.page.url.removeprefix(self.base_url)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(f"{self.path}: console: {message.text}")

    def _response(self, response):
        if response.request.resource_type == "document":
            path = response.url.removeprefix(self.base_url)
            self.policies[path] = response.headers.get("content-security-policy")

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return self.page

    def follow(self, locator):
        with self.page.expect_navigation():
            locator.click()
        self.page.wait_for_load_state("load")
        return self.page

    def settle(self):
        self.page.wait_for_timeout(300)  # violation events are dispatched asynchronously


@pytest.fixture
def watched(browser, live_server):
    cache.clear()
    tab = Watched(browser, live_server.url)
    yield tab
    tab.context.close()


def test_admin_and_login_pages_work_under_the_policy(watched, transactional_db):
    fukui = make_prefecture("18", "福井県")
    sakai = make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    make_member(sakai, status="pending")
    secretariat = make_secretariat("jimukyoku@example.jp")
    secretariat.set_password(PASSWORD)
    secretariat.save()

    # allauth: the login page and its two-factor step.
    page = watched.goto("/admin/")
    assert "/accounts/login/" in page.url
    page.get_by_label("メールアドレス").fill("jimukyoku@example.jp")
    page.get_by_label("パスワード", exact=False).first.fill(PASSWORD)
    page = watched.follow(page.get_by_role("button", name="ログイン"))
    page.get_by_label("コード", exact=False).first.fill(totp_code(TOTP_SECRET))
    page = watched.follow(page.get_by_role("button", name="ログイン"))
    assert page.url.endswith("/admin/")

    # The changelist's actions: "select all" is counted by the admin's script.
    page = watched.goto("/admin/members/membership/")
    page.locator("#action-toggle").check()
    assert page.locator(".action-counter").inner_text().startswith("1")
    page.locator("select[name=action]").select_option("approve_selected")

    # A form full of the admin's JavaScript: the calendar, autocomplete (select2, fetching from
    # the admin), inline rows added by a link. The slug is not prepopulated: the server makes it
    # from the title (core/slugs.py), as the admin's script would drop its Japanese.
    page = watched.goto("/admin/events/event/add/")
    page.locator("#id_title").press_sequentially("第1回全国連携講演会 2025")
    assert page.locator("#id_slug").input_value() == ""
    page.locator("#calendarlink0").click()
    assert page.locator("#calendarbox0").is_visible()
    page.locator("#calendarbox0 .calendar-cancel a").click()
    municipalities = page.locator("#id_participating_municipalities").locator("..")
    municipalities.locator(".select2-selection").click()
    page.locator(".select2-search__field").last.fill("坂井")
    page.locator(".select2-results__option", has_text="坂井市").wait_for()
    page.keyboard.press("Enter")
    assert "坂井市" in municipalities.locator(".select2-selection").inner_text()
    inline = page.locator(".inline-group").first
    total_forms = inline.locator("input[name$=TOTAL_FORMS]")
    before = int(total_forms.input_value())
    inline.locator(".add-row a").click()
    assert int(total_forms.input_value()) == before + 1

    # The public side: the registration form fetches municipality suggestions.
    page.context.clear_cookies()
    page = watched.goto("/accounts/signup/")
    page.get_by_label("自治体 必須", exact=True).press_sequentially("坂井")
    page.locator('#municipality-options option[value="福井県坂井市"]').wait_for(state="attached")
    watched.goto("/")
    watched.settle()

    assert watched.policies, "no page was loaded"
    for path, policy in watched.policies.items():
        assert policy and "script-src 'self'" in policy, f"{path} has no Content-Security-Policy"
        assert "unsafe-inline" not in policy
    assert not watched.violations, "\n".join(watched.violations)
