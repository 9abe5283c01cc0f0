"""The banner the top page and the board's front page show while a 対策本部 is open.

One small query (open disasters are a handful, by the state index), the same whatever the page
holds, kept in the process while the public stamp holds (memoize_per_stamp): every save of a
disaster bumps the stamp (PUBLIC_CACHE_MODELS), in every worker at once, so no worker shows a
closed disaster or misses a declared one. The top page itself is in the public page cache."""

from core.public_cache import memoize_per_stamp


@memoize_per_stamp
def open_disasters() -> list[dict]:
    """[{name, url}] of the open disasters, newest first."""
    from .models import Disaster

    return [
        {"name": d.name, "url": d.get_absolute_url()}
        for d in Disaster.objects.open().latest_first().only("name", "slug")
    ]


def banner_context(request) -> dict | None:
    disasters = open_disasters()
    return {"open_disasters": disasters} if disasters else None
