"""gunicorn configuration for benchmarks/worker_memory.py: each worker writes its page store's
size (core/public_cache.py ProcessPages) and its VmRSS to BENCH_WORKER_STATS_DIR/<pid>.json
every BENCH_WORKER_STATS_EVERY requests. Only the benchmark loads it (gunicorn --config)."""

import gc
import json
import os
import re
from pathlib import Path

_seen = {"requests": 0, "store": None}


def _page_store():
    """The public pages' store (the PublicPageCacheMiddleware's; the open data API's
    middleware has a ProcessPages of its own)."""
    if _seen["store"] is None:
        from core.public_cache import PublicPageCacheMiddleware

        # type(), not isinstance(): that would evaluate lazy objects (a spent CSP nonce raises).
        found = [o for o in gc.get_objects() if type(o) is PublicPageCacheMiddleware]
        _seen["store"] = found[0].pages if found else None
    return _seen["store"]


def post_request(worker, req, environ, resp):
    directory = os.environ.get("BENCH_WORKER_STATS_DIR")
    if not directory:
        return
    _seen["requests"] += 1
    if _seen["requests"] % int(os.environ.get("BENCH_WORKER_STATS_EVERY", "500")):
        return
    store = _page_store()
    status = Path("/proc/self/status").read_text()
    rss_kb = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))
    stats = {
        "requests": _seen["requests"],
        "rss_kb": rss_kb,
        "entries": len(store.entries) if store else 0,
        "bytes": store.size if store else 0,
        "max_bytes": store.max_bytes if store else 0,
    }
    target = Path(directory) / f"{os.getpid()}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(stats))
    temporary.replace(target)
