"""Input no page of the portal can use is refused with 400 before it reaches a view."""

from django.core.exceptions import BadRequest

from .safe_input import is_unusable


class BadInputMiddleware:
    """400 for a NUL character or an integer past 64 bits in the path or the query string.

    Every view, filter and admin changelist can then read ids, years and page numbers without
    guarding against them one by one. Submitted forms are checked by their fields (a form error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(is_unusable(segment) for segment in request.path_info.split("/")):
            raise BadRequest("Unusable character or number in the path")
        for key, values in request.GET.lists():
            if is_unusable(key) or any(is_unusable(value) for value in values):
                raise BadRequest(f"Unusable character or number in the parameter {key[:40]!r}")
        return self.get_response(request)
