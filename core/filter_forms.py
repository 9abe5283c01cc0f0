"""A list page's filter form, rendered once per stamp for the same choices.

The filter form of the board (seven selects, 123 options, each field through
templates/includes/_field.html) costs milliseconds to render on every request, while what it
shows depends only on the values asked for, the choices (kept per stamp: the prefectures, the
wards, the years), the language and the release. A FilterSet that says so (`shared_form = True`:
nothing in its form depends on who asks) has its rendered form kept in the cache under all of
those; others, and any request served outside the stamp (commands, bare tests), render as before.
"""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import release
from .public_cache import request_stamp

logger = logging.getLogger(__name__)

TEMPLATE = "includes/_filter_form.html"
TIMEOUT = 10 * 60  # seconds; bounds memory only (the key changes with the stamp)
# Longer queries (a pasted paragraph in the keyword box) are rendered, not kept.
MAX_KEPT_QUERY = 200


def _key(filterset, label: str, stamp: str) -> str | None:
    data = filterset.data  # a QueryDict, or {} for a list opened without a query
    getlist = getattr(data, "getlist", lambda name: [data[name]] if name in data else [])
    asked = [(name, getlist(name)) for name in filterset.form.fields]
    if sum(len(value) for _name, values in asked for value in values) > MAX_KEPT_QUERY:
        return None
    kind = type(filterset)
    parts = (kind.__module__, kind.__qualname__, label, filterset.is_bound, asked)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"filterform:{release.current()}:{get_language()}:{stamp}:{digest}"


def render_filter_form(filterset, label: str) -> str:
    def render() -> str:
        return get_template(TEMPLATE).render({"filter": filterset, "filter_label": label})

    stamp = request_stamp()
    key = (
        _key(filterset, str(label), stamp)
        if stamp and getattr(filterset, "shared_form", False)
        else None
    )
    if key is None:
        return render()
    try:
        html = cache.get(key)
    except Exception:  # the cache is down: render
        logger.exception("filter form cache unavailable")
        return render()
    if html is None:
        html = render()
        try:
            cache.set(key, html, TIMEOUT)
        except Exception:
            logger.exception("filter form cache unavailable")
    return mark_safe(html)  # noqa: S308 - rendered by the template above, escaped there
