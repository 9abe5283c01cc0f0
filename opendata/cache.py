"""The open data API's responses, cached under the public pages' stamp (core/public_cache.py).

The API is public and anonymous (no authentication class, no user, no session: see
REST_FRAMEWORK in portal/settings.py), so its answer to a GET depends only on the address,
the query, the `Accept` header (JSON or CSV), the language and the data. The key holds all of
them (the data through the stamp the entry carries, the code through the release), so a
request with a session cookie is served from the same entry as a script without one.

For every GET or HEAD under /api/v1/ this middleware, in order:
1. counts the request against the per-address rate limit (opendata.http.PerAddressRateThrottle)
   — a stored response is never a way around it; over the limit, the view answers the 429;
2. serves the stored response if its stamp is the current one: the view's own headers (CORS,
   `ETag`, `Last-Modified`, `Vary`, `Cache-Control`, the security headers), its body gzipped
   for a client that accepts gzip, and `304 Not Modified` for a matching `If-None-Match` or
   `If-Modified-Since`. No SQL query;
3. else lets the view answer and stores a `200` from a view of the API (never an error, a 429,
   a 304, a streamed body, a response that sets a cookie or says `private`/`no-store`).

A stored JSON body is gzipped once, when stored; CSV downloads are stored and sent as they are.
The gzipped representation has its own validator (the view's ETag with `-gzip`), as the pages'.
"""

import gzip
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from core import public_cache, release

from .http import CORS_HEADERS, OpenDataViewMixin, PerAddressRateThrottle

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-cache:api"
_DROPPED_HEADERS = {"set-cookie", "date"}
_COMPRESS_FROM_BYTES = 200
_COMPRESSED_TYPES = ("application/json", "text/html")


def response_key(request, language: str, release_name: str) -> str:
    """The full address and query, the `Accept` header, the language and the release."""
    accept = request.META.get("HTTP_ACCEPT", "")
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}\n{accept}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"{KEY_PREFIX}:{release_name}:{language}:{digest}"


def _compress(response) -> bytes | None:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if (
        response.has_header("Content-Encoding")
        or content_type not in _COMPRESSED_TYPES
        or len(response.content) < _COMPRESS_FROM_BYTES
    ):
        return None
    return gzip.compress(response.content, compresslevel=4, mtime=0)


def _is_storable(request, response) -> bool:
    if request.method != "GET" or not getattr(request, "_opendata_view", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.has_header("ETag"):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class OpenDataCacheMiddleware:
    """Count, then serve or store, the API's GET responses (see the module's docstring).

    Goes before the public page cache (whose pages the API's addresses never are) and after
    the compression middleware (which leaves the gzipped bodies this one sends alone)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PUBLIC_CACHE_TIMEOUT", public_cache.DEFAULT_TIMEOUT)
        self.responses = public_cache.ProcessPages(
            getattr(settings, "OPENDATA_CACHE_PROCESS_BYTES", 16 << 20)
        )
        self._prefix = None

    @property
    def prefix(self) -> str:
        if self._prefix is None:
            self._prefix = reverse("opendata:root")
        return self._prefix

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        throttle = PerAddressRateThrottle()
        allowed = throttle.allow_request(request, None)
        request.opendata_throttle = (allowed, None if allowed else throttle.wait())
        if not allowed:
            return self.get_response(request)  # the view answers the 429
        language = public_cache.request_language(request)
        release_name = release.current()
        try:
            key = response_key(request, language, release_name)
        except DisallowedHost:  # answered (400) by the handler, never stored
            return self.get_response(request)
        try:
            stamp = public_cache.current_stamp()
            entry = self.responses.get(key, stamp)
            if entry is None:
                entry = caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")].get(key)
        except Exception:  # the cache is down: serve uncached
            logger.exception("open data cache unavailable")
            return self.get_response(request)
        token = public_cache._request_stamp.set(stamp)
        try:
            return self._serve(request, key, stamp, entry, language)
        finally:
            public_cache._request_stamp.reset(token)

    def _serve(self, request, key, stamp, entry, language):
        if entry is not None and entry[0] == stamp:
            self.responses.put(key, entry)
            response = self._respond(request, entry)
            response.public_cache = "hit"
            return response
        response = self.get_response(request)
        if not _is_storable(request, response) or language != request.LANGUAGE_CODE:
            return response
        headers = {k: v for k, v in response.items() if k.lower() not in _DROPPED_HEADERS}
        entry = (stamp, response.status_code, headers, response.content, _compress(response))
        try:
            caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")].set(key, entry, self.timeout)
        except Exception:
            logger.exception("open data cache unavailable")
        self.responses.put(key, entry)
        response = self._respond(request, entry)
        response.public_cache = "miss"
        return response

    @staticmethod
    def _respond(request, entry):
        headers = entry[2]
        response, etag = public_cache.stored_response(request, entry, headers["ETag"])
        if request.method == "HEAD":
            response.content = b""
        response = get_conditional_response(
            request,
            etag=etag,
            last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
            response=response,
        )
        if response.status_code == 304:  # a 304 keeps the CORS headers, as the view's does
            for header, value in CORS_HEADERS.items():
                response[header] = value
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, OpenDataViewMixin):
            request._opendata_view = True
