"""The banner the top page and the board's front page show while a 対策本部 is open.

One small query (open disasters are a handful, by the state index), the same whatever the page
holds. Not cached per process: with several workers and no shared cache, a worker would show a
closed disaster, or miss a declared one, until its copy expired; and the top page itself is in
the public page cache, whose stamp every save of a disaster bumps (PUBLIC_CACHE_MODELS)."""


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
