"""The banner the top page and the board show while a 対策本部 is open: read from the cache,
so the pages that show it pay no query (forgotten when a disaster is declared or closed)."""

from django.core.cache import cache

KEY = "disaster:open-banner"
TIMEOUT = 300


def open_disasters() -> list[dict]:
    """[{name, url}] of the open disasters, newest first."""
    value = cache.get(KEY)
    if value is None:
        from .models import Disaster

        value = [
            {"name": d.name, "url": d.get_absolute_url()}
            for d in Disaster.objects.open().latest_first().only("name", "slug")
        ]
        cache.set(KEY, value, TIMEOUT)
    return value


def forget() -> None:
    cache.delete(KEY)


def banner_context(request) -> dict | None:
    disasters = open_disasters()
    return {"open_disasters": disasters} if disasters else None
