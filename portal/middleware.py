"""Input no page of the portal can use is refused with 400 before it reaches a view; HTML and
JSON responses are gzipped."""

import logging

from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.urls import get_resolver
from django.utils.translation import gettext as _

from core import limits
from core.safe_input import is_unusable

# No search word, filter or page number is this long; SQLite cannot even match a LIKE pattern of
# 50,000 bytes, and PostgreSQL would search 100 kB through the bigram index.
MAX_QUERY_VALUE_LENGTH = 2000

logger = logging.getLogger("django.security.BadInput")


class BadInputMiddleware:
    """400 for a NUL character or an integer past 64 bits in the path or the query string, and
    for a query-string value longer than any search or filter needs.

    Every view, filter and admin changelist can then read ids, years and page numbers without
    guarding against them one by one. Submitted forms are checked by their fields (a form error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem is None:
            return self.get_response(request)
        logger.info("%s: %s", problem, request.path_info.encode("unicode_escape")[:200])
        # The site's own 400 page, without a traceback in the log for every probe.
        return get_resolver().resolve_error_handler(400)(request, BadRequest(problem))

    @staticmethod
    def problem(request) -> str | None:
        if any(is_unusable(segment) for segment in request.path_info.split("/")):
            return "Unusable character or number in the path"
        for key, values in request.GET.lists():
            if is_unusable(key) or any(is_unusable(value) for value in values):
                return f"Unusable character or number in the parameter {key[:40]!r}"
            if any(len(value) > MAX_QUERY_VALUE_LENGTH for value in values):
                return f"Parameter {key[:40]!r} is too long"
        return None


class RequestBodyLimitMiddleware:
    """413 for a body past the limit, decided from Content-Length before anything reads it.

    Placed before CsrfViewMiddleware, whose process_view reads POST: a 100 MB multipart to the
    login form was spooled to disk before. Views that take files (core.limits.AcceptsUploads,
    and the admin) may receive MAX_UPLOAD_BODY_BYTES; every other MAX_BODY_BYTES. The proxy in
    front caps bodies too (docs/operations.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest()
        limit = (
            limits.MAX_UPLOAD_BODY_BYTES
            if _accepts_uploads(request, view_func)
            else limits.MAX_BODY_BYTES
        )
        if length > limit:
            logger.warning("request body of %s bytes refused (limit %s)", length, limit)
            return HttpResponse(
                _("送信された内容が大きすぎます。"),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return None


def _accepts_uploads(request, view_func) -> bool:
    view_class = getattr(view_func, "view_class", None)
    if getattr(view_class, "accepts_uploads", False):
        return True
    match = request.resolver_match
    return match is not None and "admin" in match.app_names


# What is compressed: the pages (HTML) and the API's JSON (the OpenAPI document too). Static
# files come from WhiteNoise, already compressed; images, PDFs and archives gain nothing.
_COMPRESSED_TYPES = frozenset({"text/html", "application/json", "application/xhtml+xml"})


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for every HTML and JSON response of 200 bytes or more, members'
    pages included, when the client accepts gzip (`Vary: Accept-Encoding` is added).

    Left as they are: a response already compressed (the public page cache and the open data
    cache send their stored bodies gzipped: compressed once, when stored), a streamed body and
    a download (`Content-Disposition: attachment`, e.g. the CSV files), which a client saves
    as it comes.

    BREACH: a members' page carries secrets (the CSRF token) beside text an attacker may have
    put in it. Django masks the CSRF token afresh for every response, so no two responses carry
    the same token bytes to guess; and GZipMiddleware (since Django 4.2) adds a random number
    of random bytes to the gzip header ("Heal the Breach"), so a response's length does not
    reveal how well a guess compressed. docs/operations.md says more.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if (
            response.streaming
            or response.get("Content-Disposition", "").startswith("attachment")
            or not (content_type in _COMPRESSED_TYPES or content_type.endswith("+json"))
        ):
            return response
        return super().process_response(request, response)
