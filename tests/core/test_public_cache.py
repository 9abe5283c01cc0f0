"""The public pages' cache: served to visitors without a session, never stale, never personal."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import autoreload

from bulletin.models import Collaboration
from core.public_cache import STAMP_KEY, bump_stamp, read_stamp
from members.services import membership_approve
from tests.bulletin.conftest import post_proposal, realize
from tests.factories import (
    make_event,
    make_member,
    make_municipality,
    make_secretariat,
    make_timeline_entry,
    pass_second_factor,
)
from tests.record.test_views import make_snapshots


@pytest.fixture
def event(db):
    make_snapshots(1)
    make_timeline_entry("区長会総会で報告")
    return make_event(
        "第1回全国連携講演会", start_date=datetime.date(2099, 8, 28), slug="lecture-2099"
    )


def visit(url, **extra):
    """A first-time visitor: no cookies at all."""
    return Client().get(url, **extra)


def served_from_cache(response) -> bool:
    return getattr(response, "public_cache", None) == "hit"


PUBLIC_URLS = [
    "/",
    "/timeline/",
    "/partners/",
    "/agreements/",
    "/events/",
    "/events/lecture-2099/",
    "/events/feed.atom",
    "/events/calendar.ics",
    "/municipalities/",
    "/collaborations/",
    "/sitemap.xml",
    "/en/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_second_visitor_gets_the_page_from_the_cache_without_a_query(
    event, url, django_assert_num_queries
):
    first = visit(url)
    assert first.status_code == 200 and not served_from_cache(first)
    with django_assert_num_queries(0):
        second = visit(url)
    assert served_from_cache(second)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_the_key_holds_the_query_string_and_the_language(event):
    visit("/events/")
    assert not served_from_cache(visit("/events/?kind=exhibition"))
    english = visit("/en/events/")
    assert not served_from_cache(english) and 'lang="en"' in english.content.decode()
    assert served_from_cache(visit("/events/?kind=exhibition"))


def admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged (fields, inlines, management)."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif value is None or value is False:
                continue
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_an_admin_edit_shows_on_the_very_next_anonymous_request(event, client):
    pages = ["/events/lecture-2099/", "/events/", "/", "/events/feed.atom"]
    for url in pages:
        visit(url)
        assert served_from_cache(visit(url)), url

    pass_second_factor(client, make_secretariat())
    change = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(client.get(change))
    data["title"] = "第1回全国連携講演会（会場変更）"
    response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    for url in pages:
        page = visit(url)
        assert not served_from_cache(page), url
        assert "第1回全国連携講演会（会場変更）" in page.content.decode(), url


def test_an_admin_delete_and_a_many_to_many_change_make_pages_stale(event):
    visit("/events/")
    assert served_from_cache(visit("/events/"))
    event.participating_municipalities.add(make_municipality())
    assert not served_from_cache(visit("/events/"))
    assert served_from_cache(visit("/events/"))
    event.delete()
    page = visit("/events/")
    assert not served_from_cache(page) and "第1回全国連携講演会" not in page.content.decode()


def test_a_membership_approval_changes_the_member_count_on_the_next_request(db):
    make_snapshots(1)
    town = make_municipality("白糠町")
    user = make_member(town, status="pending")
    before = visit("/").content.decode()
    assert "0 団体" in before and served_from_cache(visit("/"))
    membership_approve(membership=user.membership, decided_by=make_secretariat())
    assert "1 団体" in visit("/").content.decode()


def test_a_collaboration_born_on_the_board_is_listed_on_the_next_request(board):
    proposal = post_proposal(board.proposer)
    visit("/collaborations/")
    assert served_from_cache(visit("/collaborations/"))
    realize(proposal, board)
    assert Collaboration.objects.exists()
    assert proposal.title in visit("/collaborations/").content.decode()


def test_loading_the_fixtures_makes_pages_stale(full_register):
    visit("/agreements/")
    assert served_from_cache(visit("/agreements/"))
    stamp = read_stamp()
    call_command("seed", verbosity=0)
    assert read_stamp() != stamp
    assert "北海道町村会" in visit("/agreements/").content.decode()


def test_a_board_write_does_not_empty_the_cache(board):
    stamp = read_stamp()
    post_proposal(board.proposer)
    assert read_stamp() == stamp


def test_a_logged_in_member_never_gets_a_cached_page(event, client):
    visit("/")
    assert served_from_cache(visit("/"))
    member = make_member()
    client.force_login(member)
    page = client.get("/")
    assert not served_from_cache(page)
    assert "ログアウト" in page.content.decode()
    # ... and their page is not stored for the next visitor.
    bump_stamp()
    client.get("/events/")
    anonymous = visit("/events/")
    assert not served_from_cache(anonymous) and "ログアウト" not in anonymous.content.decode()


def test_a_cached_page_carries_no_csrf_token_no_cookie_and_no_message(event):
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    message_cookie = storage._encode([Message(constants.SUCCESS, "PRページを保存しました。")])
    with_message = Client()
    with_message.cookies[CookieStorage.cookie_name] = message_cookie
    page = with_message.get("/").content.decode()
    assert "PRページを保存しました。" in page

    first, second = visit("/"), visit("/")
    assert served_from_cache(second)
    for response in (first, second):
        body = response.content.decode()
        assert "csrfmiddlewaretoken" not in body
        assert "PRページを保存しました。" not in body
        assert not response.cookies


def test_the_language_switch_needs_no_token(db):
    response = visit(reverse("language-switch"), data={"language": "en", "next": "/events/"})
    assert response.status_code == 302 and response["Location"] == "/en/events/"
    back = visit(reverse("language-switch"), data={"language": "ja", "next": "/en/events/"})
    assert back["Location"] == "/events/"
    elsewhere = visit(
        reverse("language-switch"), data={"language": "en", "next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == "/en/"


def test_a_returning_browser_gets_304_until_the_data_changes(event):
    first = visit("/events/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "no-cache"
    assert "Cookie" in first["Vary"]
    again = visit("/events/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    crawler = visit("/events/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert crawler.status_code == 304

    make_event("第2回全国連携講演会", slug="lecture-2099-2")
    changed = visit("/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "第2回全国連携講演会" in changed.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_inside_a_transaction_bumps_once_when_it_commits():
    from django.core.cache import cache
    from django.db import transaction

    before = read_stamp()
    with transaction.atomic():
        make_event("A", slug="a")
        make_event("B", slug="b")
        # Until the commit the pages show what is committed, which is still current: no
        # reader renders the page for a stamp the commit retires at once.
        assert cache.get(STAMP_KEY) == before
        assert [c.__name__ for _sids, c, _robust in transaction.get_connection().run_on_commit] == [
            "_set_new_stamp",
            "_refresh_schedule",
        ]
    assert cache.get(STAMP_KEY) != before


def test_a_write_outside_a_transaction_bumps_at_once(event):
    before = read_stamp()
    make_event("C", slug="c")
    assert read_stamp() != before


def _render_lock_key(url):
    from core.public_cache import RENDER_LOCK_PREFIX, page_key

    return f"{RENDER_LOCK_PREFIX}:{page_key(RequestFactory().get(url), 'ja')}"


def _hold_the_render_lock(url):
    """As another process does while it renders the page after a write."""
    from django.core.cache import cache

    key = _render_lock_key(url)
    assert cache.add(key, 1, 10)
    return key


def test_while_another_process_renders_a_page_readers_get_the_version_before_the_write(event):
    from django.core.cache import cache

    first = visit("/events/")
    assert "第2回全国連携講演会" not in first.content.decode()
    make_event("第2回全国連携講演会", slug="lecture-2099-2")
    lock = _hold_the_render_lock("/events/")
    during = visit("/events/")
    assert during.status_code == 200 and during.public_cache == "stale"
    assert "第2回全国連携講演会" not in during.content.decode()
    assert during["ETag"] == first["ETag"]  # its own validator, not the new stamp's
    cache.delete(lock)  # the render is stored, the lock released
    after = visit("/events/")
    assert after.public_cache == "miss" and "第2回全国連携講演会" in after.content.decode()
    assert after["ETag"] != first["ETag"]


def test_an_ordinary_page_shows_each_of_several_writes_on_the_next_request(event):
    visit("/events/")
    for n in range(3):
        make_event(f"連続講演会{n}", slug=f"series-{n}")
        assert f"連続講演会{n}" in visit("/events/").content.decode()


def test_a_page_never_stored_is_rendered_whatever_the_lock(event):
    _hold_the_render_lock("/timeline/")
    response = visit("/timeline/")
    assert response.status_code == 200 and response.public_cache == "miss"


def test_the_render_lock_is_released_when_the_view_fails(event, monkeypatch):
    from django.core.cache import cache

    import events.views

    visit("/events/")
    bump_stamp()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(events.views.EventListView, "get", fail)
    client = Client(raise_request_exception=False)
    assert client.get("/events/").status_code == 500
    assert cache.get(_render_lock_key("/events/")) is None
    monkeypatch.undo()
    assert visit("/events/").public_cache == "miss"


def test_the_board_and_forms_are_never_stored(board, client):
    client.force_login(board.ward)
    assert client.get(reverse("bulletin:proposal-list")).status_code == 200
    login = visit(reverse("account_login"))
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert not served_from_cache(visit(reverse("account_login")))


# The clock: pages that change with no write ---------------------------------------------------


def _at(moment):
    """Run as if it were `moment` (Django's clock only: the cache's own expiry is untouched)."""
    from unittest import mock

    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_news_dated_tomorrow_appears_on_the_first_visit_after_midnight(db):
    from record.models import NewsItem

    tz = datetime.timezone(datetime.timedelta(hours=9))
    evening = datetime.datetime(2030, 4, 1, 23, 50, tzinfo=tz)
    NewsItem.objects.create(
        title="令和12年度の講演会のお知らせ",
        body="本文です。",
        published_on=datetime.date(2030, 4, 2),
        state="published",
    )
    with _at(evening):
        first = visit("/news/")
        assert "令和12年度の講演会のお知らせ" not in first.content.decode()
        again = visit("/news/")
        assert served_from_cache(again)  # the cache works: no write, the same evening
        assert visit("/news/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with _at(evening + datetime.timedelta(minutes=11)):  # 00:01 on 2 April
        after = visit("/news/")
        assert not served_from_cache(after)
        assert "令和12年度の講演会のお知らせ" in after.content.decode()
        assert after["ETag"] != first["ETag"]
        # A browser that kept the evening's copy is not told it is still good.
        assert visit("/news/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
        assert "令和12年度の講演会のお知らせ" in visit("/").content.decode()


def test_a_registration_deadline_ends_the_stamp_before_midnight(db):
    from core.public_cache import stamp_valid_until

    tz = datetime.timezone(datetime.timedelta(hours=9))
    noon = datetime.datetime(2099, 8, 1, 12, 0, tzinfo=tz)
    midnight = datetime.datetime(2099, 8, 2, 0, 0, tzinfo=tz)
    assert stamp_valid_until(noon) == midnight.timestamp()

    deadline = datetime.datetime(2099, 8, 1, 17, 0, tzinfo=tz)
    make_event(
        "第9回全国連携講演会",
        start_date=datetime.date(2099, 8, 28),
        slug="lecture-2099-deadline",
        registration_open=True,
        registration_deadline=deadline,
    )
    assert stamp_valid_until(noon) == deadline.timestamp()
    # A closed registration, or a deadline already passed, sets no moment.
    assert stamp_valid_until(deadline + datetime.timedelta(minutes=1)) == midnight.timestamp()


def test_a_hit_keeps_the_headers_the_other_middleware_gave_the_page(event):
    first = visit("/en/")
    hit = visit("/en/")
    assert served_from_cache(hit)
    for header in ("Content-Security-Policy", "Content-Language", "X-Content-Type-Options"):
        assert hit[header] == first[header], header
    assert hit["Content-Language"] == "en"
    # The Japanese page is its own entry, in its own language.
    assert visit("/")["Content-Language"] == "ja"


def test_stored_pages_go_compressed_to_clients_that_accept_gzip(event):
    import gzip

    plain = visit("/timeline/")
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    first = visit("/timeline/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")  # a hit, compressed
    assert served_from_cache(first)
    assert first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == plain.content
    assert int(first["Content-Length"]) == len(first.content) < len(plain.content)
    assert first["ETag"] != plain["ETag"]  # another representation, another validator
    again = visit("/timeline/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # The first visitor after a write (a miss) gets it compressed too.
    bump_stamp()
    miss = visit("/timeline/", HTTP_ACCEPT_ENCODING="gzip")
    assert not served_from_cache(miss)
    assert gzip.decompress(miss.content) == plain.content


# Releases: a deploy, or a changed setting that pages print ----------------------------------


def test_a_changed_licence_is_on_the_next_page_and_no_browser_keeps_the_old_one(event, request):
    first = visit("/events/")
    assert "CC BY 4.0" in first.content.decode()
    assert served_from_cache(visit("/events/"))

    request.getfixturevalue("new_release_a_minute_later")
    after = visit("/events/")
    assert not served_from_cache(after)
    assert "CC0 1.0" in after.content.decode() and "CC BY 4.0" not in after.content.decode()
    assert after["ETag"] != first["ETag"]
    assert visit("/events/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert visit("/events/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    # The new release's pages are cached in their turn.
    assert served_from_cache(visit("/events/"))
    assert visit("/events/", HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_deploy_of_other_code_never_serves_the_pages_stored_before(event, monkeypatch):
    from core import release

    first = visit("/timeline/")
    assert served_from_cache(visit("/timeline/"))
    monkeypatch.setattr(release, "files_digest", lambda: "another-release")
    after = visit("/timeline/")
    assert not served_from_cache(after)
    assert after["ETag"] != first["ETag"]
    assert visit("/timeline/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_head_request_gets_the_pages_headers_from_the_cache_and_no_body(event):
    page = visit("/timeline/")
    head = Client().head("/timeline/")
    assert head.status_code == 200 and served_from_cache(head)
    assert head.content == b""
    assert head["Content-Length"] == str(len(page.content))
    assert head["ETag"] == page["ETag"] and head["Content-Type"] == page["Content-Type"]
    assert Client().head("/timeline/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    # A HEAD first renders and stores the page as a GET would.
    assert not served_from_cache(Client().head("/events/"))
    assert served_from_cache(visit("/events/"))
    assert "第1回全国連携講演会" in visit("/events/").content.decode()


def _in_a_worker(code: str, stamp_dir) -> str:
    """Run code in a new process with the portal's own settings and no Redis; its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="tests-only",
        PUBLIC_CACHE_STAMP_DIR=str(stamp_dir),
    )
    setup = "import django; django.setup(); from core import public_cache; "
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def test_without_redis_every_worker_sees_the_stamp_a_write_bumped(tmp_path):
    """Without REDIS_URL each worker kept its own stamp: a write in one left the others serving
    the old page until midnight (69 of 120 answers stale). The stamp is one for the host."""
    _in_a_worker("public_cache._cache().set(public_cache.STAMP_KEY, 'bumped-by-a', None)", tmp_path)
    assert _in_a_worker("print(public_cache.read_stamp())", tmp_path) == "bumped-by-a"


def _runserver_reloader_sees(path) -> None:
    """What `make run`'s development server does when a file it watches gets a new mtime: its
    reloader (the one runserver starts, with the watches Django's apps ask for) tells the
    process, which either handles the change in place or restarts (SystemExit here)."""
    reloader = autoreload.StatReloader()
    autoreload.autoreload_started.send(sender=reloader)
    assert path in set(reloader.watched_files()), "runserver does not watch this file"
    reloader.notify_file_changed(path)


@pytest.fixture
def project_templates(tmp_path, settings):
    """A project directory whose templates/ the engine reads first (ahead of the portal's), as
    the release (core/release.py) finds it from BASE_DIR."""
    from core import release

    templates = tmp_path / "templates"
    templates.mkdir()
    settings.BASE_DIR = tmp_path
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [templates, *engine["DIRS"]]}]
    release.files_digest.cache_clear()
    yield templates
    release.files_digest.cache_clear()


def test_in_development_a_template_edit_shows_on_the_next_request(db, project_templates, settings):
    """The page cache stays on in development (`make run`), yet an edited template is on the
    very next page, and the browser's copy of the old one is not confirmed with a 304."""
    settings.DEBUG = True
    template = project_templates / "portal" / "accessibility.html"
    template.parent.mkdir()
    page = '{% extends "base.html" %}{% block content %}<h1>HEADING</h1>{% endblock %}'
    template.write_text(page.replace("HEADING", "方針（初版）"), encoding="utf-8")

    first = visit("/accessibility/")
    assert "方針（初版）" in first.content.decode()
    assert served_from_cache(visit("/accessibility/"))

    template.write_text(page.replace("HEADING", "方針（改訂版）"), encoding="utf-8")
    _runserver_reloader_sees(template)

    after = visit("/accessibility/")
    assert not served_from_cache(after)
    assert "方針（改訂版）" in after.content.decode()
    assert "方針（初版）" not in after.content.decode()
    assert visit("/accessibility/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    # The edited page is cached in its turn.
    assert served_from_cache(visit("/accessibility/"))
