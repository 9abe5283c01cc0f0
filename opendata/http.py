"""HTTP behaviour shared by every API view: conditional GET, CORS, rate limit, CSV lists."""

import hashlib
import threading

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from core import release
from portal.cache import count_in

from . import changes
from .schema import OpenDataAutoSchema

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Link",
    "Access-Control-Max-Age": "86400",
}


def error_response(request, status: int) -> JsonResponse | None:
    """The API's answer to an error raised before any of its views runs (an address under
    /api/v1/ that no route matches, input portal.middleware.BadInputMiddleware refuses): JSON
    with CORS, as its views answer, instead of the site's HTML page. None outside the API."""
    if not request.path_info.startswith(reverse("opendata:root")):
        return None
    messages = {
        400: _("要求に使えない文字や値が含まれています。"),
        403: _("この要求は許可されていません。"),
        404: _("該当するデータがありません。"),
    }
    response = JsonResponse(
        {"detail": messages[status]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


# Numbers of the requests this process may answer, taken from the shared counter ahead:
# (address and window, rate) -> [next number, last number taken].
_leases: dict[tuple[str, str], list[int]] = {}
_leases_lock = threading.Lock()
MAX_LEASES = 10_000


class PerAddressRateThrottle(SimpleRateThrottle):
    """Requests per client address, for everyone (the API has no accounts).

    The rate is read on each request (settings.OPENDATA_RATE_LIMIT, e.g. "120/min"), so a
    deployment or a test can change it. Behind a proxy, REST_FRAMEWORK["NUM_PROXIES"] says how
    many X-Forwarded-For entries to trust.

    Counted in fixed windows of the rate's period, one counter per address and window in the
    cache (portal.cache.count_in: one round trip to Redis): the cost of a request does not grow
    with the allowance, as DRF's list of every request's time would (a benchmark raising the
    limit to millions an hour would spend its time moving that list). A client may so send up
    to twice the rate across the turn of a window, never more. Every request takes a number
    from its window's counter and is answered if the number is within the rate. A process takes
    its numbers one at a time while the rate is under 2,000 a window (exact); for a larger rate,
    1/1000 of it at a time (lease_size), so that it asks Redis once in so many requests: a
    client is never allowed more than the rate, and may be refused at most that many requests
    per worker early, while another worker holds unused numbers.

    Works on Django's request as on DRF's: opendata.cache.OpenDataCacheMiddleware counts the
    request before it serves a stored response, and the view then does not count it again.
    """

    scope = "opendata"

    def get_rate(self):
        return settings.OPENDATA_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{self.get_cache_key(request, view)}:{window}"
        lease_key = (key, self.rate)  # a new rate starts afresh
        with _leases_lock:
            lease = _leases.get(lease_key)
            if lease is None or lease[0] > lease[1]:
                size = self.lease_size()
                total = count_in(self.cache, key, self.duration + 1, size)
                if len(_leases) > MAX_LEASES:
                    _leases.clear()  # addresses of windows past, mostly; a lease lost is unused
                lease = _leases[lease_key] = [total - size + 1, total]
            number = lease[0]
            lease[0] += 1
        return number <= self.num_requests

    def lease_size(self) -> int:
        """Numbers taken from the shared counter at a time: one while the limit is small (each
        request is counted in the cache, exactly), 1/1000 of it for a large one (at most 1,000)."""
        return min(max(self.num_requests // 1000, 1), 1000)

    def wait(self):
        return max(self.window_ends - self.now, 1)


class StandardPagination(PageNumberPagination):
    """`?page=` and `?page_size=` are whole numbers from 1, as the OpenAPI document says: any
    other value is a 400 naming the parameter (not, as in DRF, a 404 for the page and the
    default size for the page size). A page past the last is a 404; a page size over 500 gives
    pages of 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if not value:
            return self.page_size
        return min(self._whole_number(self.page_size_query_param, value), self.max_page_size)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if not value:
            return 1
        if value in self.last_page_strings:
            return paginator.num_pages
        return self._whole_number(self.page_query_param, value)

    @staticmethod
    def _whole_number(name: str, value: str) -> int:
        if value.isascii() and value.isdigit() and int(value) >= 1:
            return int(value)
        raise ValidationError({name: [_("1以上の整数で指定してください。")]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = "ページ番号（1から）。最後のページより後は 404 です。"
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"1ページの件数（既定 {self.page_size}、最大 {self.max_page_size}。"
                    f"それより大きい値は {self.max_page_size} として扱います）。"
                )
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
        return parameters


class OpenDataViewMixin:
    """ETag (from the body) and Last-Modified (last change of the record) with 304, CORS for GET
    from any origin, a clear 429, and `?format=csv` returning the whole filtered list."""

    throttle_classes = [PerAddressRateThrottle]
    schema = OpenDataAutoSchema()

    def check_throttles(self, request):
        counted = getattr(request._request, "opendata_throttle", None)
        if counted is None:  # not through OpenDataCacheMiddleware: count here
            return super().check_throttles(request)
        allowed, wait = counted
        if not allowed:
            self.throttled(request, wait)

    def throttled(self, request, wait):
        seconds = int(wait or 1)
        raise Throttled(
            wait=wait,
            detail=_(
                "アクセスが集中しています。同じアドレスからの要求は%(rate)sまでです。"
                "%(seconds)s秒後にもう一度お試しください。"
            )
            % {"rate": settings.OPENDATA_RATE_LIMIT, "seconds": seconds},
        )

    def paginate_queryset(self, queryset):
        if getattr(self.request, "accepted_renderer", None) and (
            self.request.accepted_renderer.format == "csv"
        ):
            return None  # a download holds every row of the filtered list
        return super().paginate_queryset(queryset)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            if not response.streaming:
                response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
                # Not before this release first served: a deploy may change what the API shows.
                last_modified = max(
                    changes.last_modified(), int(release.first_seen(release.current()))
                )
                response["Last-Modified"] = http_date(last_modified)
                response["Cache-Control"] = "public, max-age=60"
                patch_vary_headers(response, ["Accept"])
                if getattr(request, "accepted_renderer", None) and (
                    request.accepted_renderer.format == "csv"
                ):
                    name = getattr(self, "basename", None) or "data"
                    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
                conditional = get_conditional_response(
                    request._request,
                    etag=response["ETag"],
                    last_modified=last_modified,
                    response=response,
                )
                response = conditional
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response
