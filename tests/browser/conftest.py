"""Browser journeys: Playwright drives Debian's Chromium against a live test server.

A journey takes the `journey` fixture and calls `journey.goto(path)` / `journey.follow(locator)`;
each asserts the page's HTTP status (200 unless the call says otherwise, e.g.
`journey.goto(path, status=404)`), so an error page never passes for the page meant, and every
page it reaches is checked with axe-core (injected from node_modules, never fetched), and
the test fails at the end if any page had a violation. Mark nothing: everything here is a browser test.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set up
# data are ordinary synchronous calls that finish before the browser acts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    assert AXE_SCRIPT.exists(), "axe-core is missing: npm ci"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Journey:
    """A person's path through the site, with an accessibility check on every page."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.violations: dict[str, list] = {}
        self.checked: list[str] = []

    def goto(self, path: str, *, status: int = 200):
        """Open a page, assert its HTTP status (200 unless told otherwise), then check it."""
        response = self.page.goto(self.base_url + path)
        self.assert_status(response, status, path)
        self.check()
        return self.page

    def follow(self, locator, *, status: int = 200):
        """Click something that loads a new page; assert that page's status, then check it."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        self.assert_status(navigation.value, status, self.page.url)
        self.check()
        return self.page

    @staticmethod
    def assert_status(response, status: int, where: str):
        assert response is not None, f"{where}: no HTTP response (same-document navigation?)"
        assert response.status == status, f"{where}: HTTP {response.status}, expected {status}"

    def log_in(self, email: str, password: str):
        """Fill the login form on the current page and submit it; returns the next page."""
        self.page.get_by_label("メールアドレス").fill(email)
        self.page.get_by_label("パスワード", exact=False).first.fill(password)
        return self.follow(self.page.get_by_role("button", name="ログイン"))

    def sign_in(self, user, next_path: str = "/board/", *, second_factor: bool = False):
        """Start a session for the user as a login would and open next_path: for journeys that
        are not about logging in (those fill the form: `log_in`). `second_factor`: as after the
        authenticator step, which the secretariat's pages ask for."""
        from django.conf import settings
        from django.test import Client

        from tests.factories import pass_second_factor

        client = Client()
        if second_factor:
            pass_second_factor(client, user)
        else:
            client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        self.page.context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": self.base_url}]
        )
        page = self.goto(next_path)
        assert page.url.endswith(next_path), page.url
        return page

    def sign_out(self):
        """End the session without the logout page (the journeys about logging out use it)."""
        self.page.context.clear_cookies()

    def register_sakai_staff(self, password: str):
        """On the registration form: apply as 坂井 花子 of 坂井市, choosing the municipality from
        the suggestions the form fetches as she types; returns the page after the submission."""
        page = self.page
        municipality = page.get_by_label("自治体 必須", exact=True)
        municipality.press_sequentially("坂井")
        page.locator('#municipality-options option[value="福井県坂井市"]').wait_for(
            state="attached"
        )
        municipality.fill("福井県坂井市")
        page.get_by_label("所属 必須", exact=True).fill("総合政策部 企画政策課")
        page.get_by_label("役職 必須", exact=True).fill("主事")
        page.get_by_label("氏名 必須", exact=True).fill("坂井 花子")
        page.get_by_label("氏名（よみがな） 必須", exact=True).fill("さかい はなこ")
        page.get_by_label("勤務先電話番号 必須", exact=True).fill("0776-00-0000")
        page.get_by_label("メールアドレス 必須", exact=True).fill("hanako@city.example.lg.jp")
        page.locator("[name=password1]").fill(password)
        page.locator("[name=password2]").fill(password)
        page.get_by_label("利用規約に同意します").check()
        return self.follow(page.get_by_role("button", name="登録を申請する"))

    def check(self):
        page = self.page
        page.wait_for_load_state("load")
        assert page.evaluate("() => typeof window.axe !== 'undefined'"), "axe-core is missing"
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        path = page.url.removeprefix(self.base_url)
        self.checked.append(path)
        if results["violations"]:
            self.violations[path] = [
                f"{v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(node["target"][0] for node in v["nodes"][:3])
                for v in results["violations"]
            ]

    def assert_accessible(self):
        assert self.checked, "the journey visited no page"
        report = "\n".join(
            f"{path}:\n  " + "\n  ".join(items) for path, items in self.violations.items()
        )
        assert not self.violations, f"axe-core found violations:\n{report}"


@pytest.fixture
def journey(browser, live_server):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.set_default_timeout(15_000)
    # An init script runs outside the page's Content-Security-Policy (an injected <script> tag
    # would be refused), so axe-core is there on every page.
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    walk = Journey(page, live_server.url)
    yield walk
    context.close()
    walk.assert_accessible()
