"""The public pages' cache: one version stamp, bumped by every write the public pages show.

A page is stored with the stamp that was current when its request began, and served only while
that stamp is still current: every write that changes what a public page shows (an admin save
or delete, `manage.py seed`, a collaboration born on the board, a membership approval) bumps
the stamp, so no page is served stale (but for the moment another process takes to render it
after a write: see RenderLock) and no timeout is needed for correctness (the timeout only
bounds memory). The stamp is also the pages' validator: `ETag` and
`Last-Modified` come from it, so a returning browser or crawler gets `304 Not Modified`.

Only visitors without a session are served from the cache (GET, and HEAD with the same headers
and no body), and only views marked with `public_page` are stored; a response that sets a
cookie, used a CSRF token, carries a message or was rendered for a logged-in user is never
stored.

Writes are found by model: post_save, post_delete and m2m_changed on the models named by the
PUBLIC_CACHE_MODELS setting (app labels, or app_label.ModelName), plus explicit bump_stamp()
calls in services and commands. This module imports Django only, so any app can bump.

Time changes the pages too, with no write: news published for a future date or ending on one,
events that pass from upcoming to past, a registration deadline. So the stamp also carries the
moment it stops being current: the next local midnight, or sooner if an app's schedule
(`register_schedule`) names an earlier moment. The first request after it gets a new stamp.

The data is not all that shapes a page: the code, templates and settings do too. Every key and
validator also names the release that rendered the page (core/release.py), so a deploy needs
no bump and never shows the release before; in development, a template edit that runserver
reloads makes a new release too, so it is on the next page.
"""

import contextvars
import datetime
import functools
import gzip
import hashlib
import logging
import os
import re
import secrets
import time
from collections import OrderedDict
from email.utils import formatdate

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers

from core import release

logger = logging.getLogger(__name__)

STAMP_KEY = "public-cache:stamp"
# When the current stamp stops being current by the clock (a POSIX time), whatever is written.
UNTIL_KEY = "public-cache:until"
# The earliest moment an app's schedule names (register_schedule).
SCHEDULE_KEY = "public-cache:schedule"
PAGE_KEY_PREFIX = "public-cache:page"
# Pages of rare query strings expire; the stamp, not this timeout, keeps pages fresh.
DEFAULT_TIMEOUT = 60 * 60
# The headers a stored page keeps (the outer middleware adds the security headers again).
_DROPPED_HEADERS = {"set-cookie", "date"}


def _page_cache():
    """Where the pages are kept (shared by every process)."""
    return caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")]


def _cache():
    """Where the stamp is kept: its own alias where one is configured (in production, Redis
    with the keys tracked, portal.cache.TrackedRedisCache: each process keeps the stamp and
    Redis tells it the moment another process changes it), else the pages' cache."""
    alias = getattr(settings, "PUBLIC_CACHE_STAMP_ALIAS", None)
    if alias in settings.CACHES:
        return caches[alias]
    return _page_cache()


def _new_stamp() -> str:
    # Time (for Last-Modified) and a random part: two bumps never give the same stamp, even
    # from two processes in the same microsecond or after the cache lost the key. Never older
    # than a stamp this process has seen (a clock behind another host's is not a rollback).
    stamp = f"{max(time.time(), _newest_seen):.6f}.{secrets.token_hex(4)}"
    _seen(stamp)
    return stamp


def stamp_time(stamp: str) -> float:
    return float(stamp.rsplit(".", 1)[0])


# A stamp the shared cache can go back on ----------------------------------------------------
#
# Redis restored from an older snapshot (or a failover to a replica that lagged) brings back an
# older stamp together with the pages stored under it, which show the data before every write
# since: all of them would be served as current. So each process remembers the newest stamp it
# has seen or written, and the stamp cache may say since when its server holds what it holds
# (portal.cache.TrackedRedisCache: the server's start, as `INFO server` gives it when this
# process connects, or the moment this process found another server behind the address). A
# stamp older than either was not written by this server since it started: it came back from
# disk, and every page stored under it is suspect. The first request that finds it bumps the
# stamp (and works out the schedule again, which came back from the same snapshot).

_newest_seen = 0.0  # the time of the newest stamp this process has seen or written
# Two processes that bump at once may set their stamps in the other order than they made them:
# the later set wins with a stamp a few microseconds older. That, too, is taken for a stamp that
# went back (one bump more), but only a gap longer than this is worth a warning.
RACE_SECONDS = 1.0


def _seen(stamp: str) -> None:
    global _newest_seen
    _newest_seen = max(_newest_seen, stamp_time(stamp))


def forget_seen_stamps() -> None:
    """As a new process starts (tests)."""
    global _newest_seen
    _newest_seen = 0.0


def _went_back(stamp: str) -> bool:
    """Whether the shared stamp is older than one this process saw, or than its server's
    content (it was loaded from a snapshot)."""
    written = stamp_time(stamp)
    since = getattr(_cache(), "holds_writes_since", None)
    return written < _newest_seen or (since is not None and written < since)


def read_stamp() -> str:
    """The current stamp (created if the cache has none: everything stored before is stale)."""
    cache = _cache()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        cache.add(STAMP_KEY, _new_stamp(), None)
        stamp = cache.get(STAMP_KEY)
    return stamp


def _set_new_stamp() -> None:
    # The stamp's end by the clock is worked out again by the next request, from the schedule
    # kept in the cache; the write, not the request, pays the query if the cache lost it.
    cache = _cache()
    cache.set(STAMP_KEY, _new_stamp(), None)
    cache.delete(UNTIL_KEY)
    if _schedules and cache.get(SCHEDULE_KEY) is None:
        _refresh_schedule()


# Moments at which the pages change by the clock alone --------------------------------------

# (next_change, model labels): next_change(now) -> datetime | None.
_schedules: list[tuple] = []
NONE_SCHEDULED = 0.0


def register_schedule(next_change, *, models: tuple[str, ...]) -> None:
    """Add `next_change(now) -> datetime | None`: the next moment after `now` at which the
    public pages change with no write (e.g. a registration deadline), computed from the rows of
    `models` (labels such as "events.event"). It runs when one of those rows is written, or
    when its moment has passed, never on an ordinary request."""
    labels = tuple(label.lower() for label in models)
    if all(func is not next_change for func, _labels in _schedules):
        _schedules.append((next_change, labels))


def _refresh_schedule(now: datetime.datetime | None = None) -> float:
    """The earliest scheduled moment after now (POSIX time; NONE_SCHEDULED if none), kept in
    the cache until a scheduled model is written or the moment passes."""
    now = now or timezone.now()
    moments = [next_change(now) for next_change, _labels in _schedules]
    moments = [moment.timestamp() for moment in moments if moment is not None and moment > now]
    moment = min(moments, default=NONE_SCHEDULED)
    _cache().set(SCHEDULE_KEY, moment, None)
    return moment


def _next_local_midnight(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=local.tzinfo)


def stamp_valid_until(now: datetime.datetime | None = None) -> float:
    """The POSIX time at which a stamp current `now` stops being current by the clock: the
    next local midnight (dates roll over: news dated today, events that have passed), or the
    earliest scheduled moment if that comes first."""
    now = now or timezone.now()
    scheduled = _cache().get(SCHEDULE_KEY)
    if scheduled is None or (scheduled != NONE_SCHEDULED and scheduled <= now.timestamp()):
        scheduled = _refresh_schedule(now)
    midnight = _next_local_midnight(now).timestamp()
    return min(midnight, scheduled) if scheduled != NONE_SCHEDULED else midnight


def _current_by_the_clock(found: dict) -> str:
    """The stamp from a get_many of STAMP_KEY and UNTIL_KEY, renewed if its time has passed."""
    stamp, until = found.get(STAMP_KEY), found.get(UNTIL_KEY)
    now = timezone.now()
    if stamp is not None and _went_back(stamp):
        log = logger.warning if stamp_time(stamp) < _newest_seen - RACE_SECONDS else logger.info
        log(
            "public page cache: the shared stamp went back (%s, this process saw %.6f); "
            "every stored page is stale",
            stamp,
            _newest_seen,
        )
        _set_new_stamp()
        _refresh_schedule(now)
        stamp = until = None
    if stamp is not None and until is not None and now.timestamp() < until:
        _seen(stamp)
        return stamp
    if stamp is not None and until is not None:  # the clock passed a scheduled change
        _cache().set(STAMP_KEY, _new_stamp(), None)
    stamp = read_stamp()
    _cache().set(UNTIL_KEY, stamp_valid_until(now), None)
    _seen(stamp)
    return stamp


def current_stamp() -> str:
    """The stamp current now, for a cache of its own under the pages' stamp (the open data
    API's, opendata/cache.py) and for a member's page (memoize_per_stamp): one round trip,
    none with the tracked stamp cache."""
    return _current_by_the_clock(_cache().get_many([STAMP_KEY, UNTIL_KEY]))


def bump_stamp(*, using: str | None = None) -> None:
    """Make every stored public page stale. Call after (or inside) a write the pages show.

    Inside a transaction the stamp is bumped once, when the transaction commits, however many
    rows it writes: until then the pages show what is committed, which is still current (a page
    rendered in between carries a stamp that the bump at the commit retires). Bumping inside the
    transaction too would only make every reader render the page twice per write, which is what
    a disaster's stream of commitments cannot afford. Outside a transaction, and inside the
    transaction a test wraps around everything (it never commits), the stamp is bumped now.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not connection.atomic_blocks[0]._from_testcase:
        _again_at_commit(_set_new_stamp, using)
    else:
        _set_new_stamp()


def _again_at_commit(func, using: str | None) -> None:
    """Inside a transaction, run `func` once more when it commits (once, however many rows)."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(
        registered is func for _sids, registered, _robust in connection.run_on_commit
    ):
        transaction.on_commit(func, using=using)


# The stamp of the request being served (set by the middleware), for memoize_per_stamp.
# (Not private: opendata/cache.py sets it too.)
_request_stamp: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "public_cache_request_stamp", default=None
)


def request_stamp() -> str | None:
    """The stamp of the request being served, or None outside one (commands, bare tests)."""
    return _request_stamp.get()


def memoize_per_stamp(func):
    """Keep a function's result (of no arguments) in the process until the stamp changes, one
    per language (choice labels are translated: 令和5年度 or FY2023, 北海道 or Hokkaido).

    For what a public page recomputes from a whole table on every request but changes only
    with the public record: filter choices (the years, the prefectures). Outside a request
    served through the middleware (commands, tests without it) the function simply runs.
    """
    memo: dict = {}

    @functools.wraps(func)
    def wrapped():
        stamp = _request_stamp.get()
        if stamp is None:
            return func()
        entry = memo.get("entry")
        if entry is None or entry[0] != stamp:
            entry = memo["entry"] = (stamp, {})
        values, language = entry[1], translation.get_language()
        if language not in values:
            values[language] = func()
        return values[language]

    return wrapped


# Invalidation by model ------------------------------------------------------------------------


@functools.cache
def _public_labels() -> tuple[frozenset, frozenset]:
    names = getattr(settings, "PUBLIC_CACHE_MODELS", ())
    apps = frozenset(name for name in names if "." not in name)
    models = frozenset(name.lower() for name in names if "." in name)
    return apps, models


def is_public_model(model) -> bool:
    apps, models = _public_labels()
    meta = model._meta
    return meta.app_label in apps or meta.label_lower in models


def _on_write(sender, using=None, **kwargs):
    if is_public_model(sender):
        bump_stamp(using=using)
    label = sender._meta.label_lower
    if any(label in labels for _func, labels in _schedules):
        _refresh_schedule()
        _again_at_commit(_refresh_schedule, using)


def _on_m2m_change(sender, instance, action, model, using=None, **kwargs):
    if action.startswith("post_") and (
        is_public_model(type(instance)) or is_public_model(model) or is_public_model(sender)
    ):
        bump_stamp(using=using)


def connect_invalidation() -> None:
    """Bump the stamp on every save, delete or many-to-many change of a public model."""
    post_save.connect(_on_write, dispatch_uid="public_cache_post_save")
    post_delete.connect(_on_write, dispatch_uid="public_cache_post_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="public_cache_m2m_changed")


# The pages ------------------------------------------------------------------------------------


def public_page(view=None, *, refresh_every: int | None = None):
    """Mark a view whose anonymous responses may be stored in the public cache.

    `refresh_every` (seconds) is for a page that a stream of writes would otherwise have
    rendered after each of them (the public record of a disaster while the wards commit): after
    a render, the page is rendered again no sooner than that, and readers meanwhile get the
    version rendered last (RenderLock). `public_page(view)` or `public_page(refresh_every=1)(view)`.
    """

    def mark(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapped.public_page = True
        wrapped.public_page_refresh_every = refresh_every
        return wrapped

    return mark if view is None else mark(view)


def request_language(request) -> str:
    """The page's language from its path alone, as LocaleMiddleware finds it for this site's
    URLs (i18n_patterns without a prefix for the default language): /en/… is English, the
    rest Japanese. The cache runs before LocaleMiddleware, so it cannot ask it."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def page_key(request, language: str | None = None, release_name: str | None = None) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    language = language or getattr(request, "LANGUAGE_CODE", None) or request_language(request)
    release_name = release_name or release.current()
    return f"{PAGE_KEY_PREFIX}:{release_name}:{language}:{digest}"


class ProcessPages:
    """The pages this process served lately, in front of the shared cache (bounded in bytes).

    An entry is served only while its stamp is the shared cache's current one, so it is never
    staler than the shared copy; it saves moving and unpickling the page on every hit.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()

    def get(self, key: str, stamp: str):
        entry = self.entries.get(key)
        if entry is None or entry[0] != stamp:
            return None
        self.entries.move_to_end(key)
        return entry

    @staticmethod
    def _size(entry: tuple) -> int:
        return len(entry[3]) + len(entry[4] or b"")

    def put(self, key: str, entry: tuple) -> None:
        size = self._size(entry)
        if size > self.max_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= self._size(old)
        self.entries[key] = entry
        self.size += size
        while self.size > self.max_bytes:
            _key, dropped = self.entries.popitem(last=False)
            self.size -= self._size(dropped)


# Stored pages are compressed once, when stored, and sent compressed to every client that
# accepts gzip (browsers do): a 400 kB map page is 60 kB on the wire. Public pages carry no
# secret (no CSRF token, no session data), so compression gives BREACH nothing to find.
_COMPRESS_FROM_BYTES = 1024
accepts_gzip = re.compile(r"\bgzip\b").search


def _compress(response) -> bytes | None:
    if response.has_header("Content-Encoding") or len(response.content) < _COMPRESS_FROM_BYTES:
        return None
    return gzip.compress(response.content, compresslevel=4, mtime=0)  # 4: 2 ms for 400 kB


def stored_response(request, entry: tuple, etag: str) -> tuple[HttpResponse, str]:
    """The stored page as a response, compressed if the client accepts it; and its ETag."""
    _stamp, status, headers, content, compressed = entry
    response = HttpResponse(status=status, headers=headers)
    if compressed is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
        if accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            content = compressed
            response["Content-Encoding"] = "gzip"
            etag = etag[:-1] + '-gzip"'  # another representation, another validator
    response.content = content
    response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    return response, etag


def _validators(stamp: str, language: str, release_name: str) -> tuple[str, float]:
    """ETag and Last-Modified: the data's stamp, and the release that rendered the page."""
    last_modified = max(stamp_time(stamp), release.first_seen(release_name))
    return f'"{stamp}-{release_name}-{language}"', last_modified


def _has_session_or_messages(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _is_storable(request, response) -> bool:
    if not getattr(request, "_public_page_view", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was put into the page
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _add_validators(response, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = formatdate(last_modified, usegmt=True)
    # Browsers keep the page but ask each time (If-None-Match): never stale, mostly 304s.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Cookie",))


# One render per page after a write --------------------------------------------------------------
#
# After a write every reader of a page misses at once; with several workers, each would render
# the same page (during a disaster, that is every reader of the 対策本部's public record, after
# every commitment). The first process to miss takes a lock on the page's key and renders it;
# the others, while it does, serve the version stored before the write (stale by at most one
# render, and never longer than the lock lives if the renderer dies; a page marked with
# `refresh_every` keeps the lock that long after its render). A page never stored before
# is rendered by whoever asks for it. Without the cache's lock (the cache is down), everyone
# renders, as before.
RENDER_LOCK_PREFIX = "public-cache:rendering"
RENDER_LOCK_SECONDS = 10


class RenderLock:
    def __init__(self, key: str):
        self.key = f"{RENDER_LOCK_PREFIX}:{key}"
        self.held = False

    def acquire(self) -> bool:
        try:
            self.held = _page_cache().add(self.key, os.getpid(), RENDER_LOCK_SECONDS)
        except Exception:  # the cache is down: render
            logger.exception("public page cache unavailable")
            return True
        return self.held

    def release(self, *, keep_for: int | None = None) -> None:
        """Let the next process render the page: now, or `keep_for` seconds from now."""
        if self.held:
            try:
                if keep_for:
                    _page_cache().touch(self.key, keep_for)
                else:
                    _page_cache().delete(self.key)
            except Exception:
                logger.exception("public page cache unavailable")
            self.held = False


class PublicPageCacheMiddleware:
    """Serve and store the marked public pages for visitors without a session.

    Goes first (after the health check): a hit needs none of the other middleware, and the
    stored page already carries the headers they added to the first response (security, CSP,
    language). The key's language comes from the path; a page whose language, as
    LocaleMiddleware found it, differs from the key's is not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PUBLIC_CACHE_TIMEOUT", DEFAULT_TIMEOUT)
        self.pages = ProcessPages(getattr(settings, "PUBLIC_CACHE_PROCESS_BYTES", 16 << 20))
        self.skipped_prefixes = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )
        release.files_digest()  # read the release's files now, not during a visitor's request

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(
            self.skipped_prefixes
        ):
            return self.get_response(request)
        if _has_session_or_messages(request):
            return self._with_stamp(request)
        language = request_language(request)
        release_name = release.current()
        try:
            key = page_key(request, language, release_name)
        except DisallowedHost:  # answered (400) by the handler, never stored
            return self.get_response(request)
        try:
            stamps, pages = _cache(), _page_cache()
            wanted = [STAMP_KEY, UNTIL_KEY]
            if stamps is pages and key not in self.pages.entries:
                wanted.append(key)  # one round trip for both
            found = stamps.get_many(wanted)
            stamp = _current_by_the_clock(found)
            entry = self.pages.get(key, stamp)
            if entry is None:
                entry = found[key] if key in found else pages.get(key)
        except Exception:  # the cache is down: serve uncached
            logger.exception("public page cache unavailable")
            return self.get_response(request)
        etag, last_modified = _validators(stamp, language, release_name)
        token = _request_stamp.set(stamp)
        try:
            return self._serve(request, key, stamp, entry, etag, last_modified, language)
        finally:
            _request_stamp.reset(token)

    def _with_stamp(self, request):
        """A member's page is never stored, but what it reads from the public record through
        memoize_per_stamp (filter choices, the disaster banner) is kept while the stamp holds:
        read it (in the process, with the tracked stamp cache) for the request."""
        try:
            stamp = current_stamp()
        except Exception:  # the cache is down: every memoized function runs
            logger.exception("public page cache unavailable")
            return self.get_response(request)
        token = _request_stamp.set(stamp)
        try:
            return self.get_response(request)
        finally:
            _request_stamp.reset(token)

    def _serve(self, request, key, stamp, entry, etag, last_modified, language):
        if entry is not None and len(entry) != 5:
            entry = None  # stored by an older release of this module
        if entry is not None and entry[0] == stamp:
            return self._stored(request, key, entry, etag, last_modified, "hit")
        lock = RenderLock(key) if entry is not None else None
        if lock is not None and not lock.acquire():
            # Another process is rendering this page for the new stamp right now: rather than
            # render it too, serve the page before the write, with its own validators.
            etag, last_modified = _validators(entry[0], language, release.current())
            return self._stored(request, key, entry, etag, last_modified, "stale")
        try:
            return self._render(request, key, stamp, etag, last_modified, language)
        finally:
            if lock is not None:
                lock.release(keep_for=getattr(request, "_public_page_refresh_every", None))

    def _stored(self, request, key, entry, etag, last_modified, outcome):
        if outcome == "hit":
            self.pages.put(key, entry)
        response, etag = stored_response(request, entry, etag)
        if request.method == "HEAD":  # the GET's headers, Content-Length included; no body
            response.content = b""
        response.public_cache = outcome
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )

    def _render(self, request, key, stamp, etag, last_modified, language):
        response = self.get_response(request)
        if not _is_storable(request, response) or language != request.LANGUAGE_CODE:
            return response
        _add_validators(response, etag, last_modified)
        headers = {k: v for k, v in response.items() if k.lower() not in _DROPPED_HEADERS}
        entry = (stamp, response.status_code, headers, response.content, _compress(response))
        try:
            _page_cache().set(key, entry, self.timeout)
        except Exception:
            logger.exception("public page cache unavailable")
        self.pages.put(key, entry)
        if entry[4] is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
            if accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")):
                response, etag = stored_response(request, entry, etag)
        response.public_cache = "miss"
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "public_page", False):
            request._public_page_view = True
            request._public_page_refresh_every = view_func.public_page_refresh_every
