"""Items of a list kept in the cache under a digest of everything they show.

A list whose items render the same for everyone who may see them (the board's cards, a post's
replies, a room's messages) renders only the items that changed since anyone's last view. Each
item's key is a digest of the plain values its template prints (`version(item)`), of the
context the template is given besides the item (the viewer's flags: may moderate, may report),
of the page's language and of the release (a template edit is a new release). No stamp to bump:
a change to what an item shows changes its key. The items missing from the cache are rendered
and stored together: two round trips to the cache for the whole list.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import release

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 60 * 60  # seconds; bounds memory only (the key changes with the item)


def place_values(place) -> tuple | None:
    """What an item prints of a place or an organisation (its names in both languages), as plain
    values for `version`."""
    if place is None:
        return None
    names = (getattr(place, "romaji", None), getattr(place, "name_en", None))
    return (type(place).__name__, place.pk, place.name, *names)


def render_each(
    template_name: str,
    items: Iterable,
    *,
    name: str,
    version: Callable[[object], tuple],
    prefix: str,
    context: dict | None = None,
) -> SafeString:
    """Each item rendered with `template_name` ({name: item, **context}), joined in order."""
    items, context = list(items), context or {}
    shared = (get_language(), release.current(), sorted(context.items()))
    keys = [
        f"{prefix}:{hashlib.sha256(repr((shared, version(item))).encode()).hexdigest()[:32]}"
        for item in items
    ]
    try:
        stored = cache.get_many(keys)
    except Exception:  # the cache is down: render every item
        logger.exception("fragment cache unavailable")
        stored = {}
    template = get_template(template_name)
    rendered = {}
    for item, key in zip(items, keys, strict=True):
        if key not in stored and key not in rendered:
            # Without the request: an item reads nothing of it, so no context processor runs.
            rendered[key] = template.render({name: item, **context})
    if rendered:
        try:
            cache.set_many(rendered, TIMEOUT)
        except Exception:  # serving the page matters more than keeping the items
            logger.exception("fragment cache unavailable")
    return mark_safe("".join(stored.get(key) or rendered[key] for key in keys))  # noqa: S308
