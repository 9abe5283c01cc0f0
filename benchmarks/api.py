"""The open data API against the framework's floor, under gunicorn with production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python benchmarks/api.py

As benchmarks/public_pages.py (whose helpers it uses): a throwaway database with the shipped
data, the floor (benchmarks/floor.py) on --port and the portal on --port + 1, 2 sync workers
each, DJANGO_DEBUG=0; it empties the Redis database REDIS_URL names.

The API's per-address rate limit (120/min by default) would answer wrk's loopback address with
429s after two seconds, so the portal runs with DJANGO_OPENDATA_RATE_LIMIT raised (--rate,
printed): the limit is still counted on every request, cached or not, as in production.

For each address it prints: warm `wrk` (Accept-Encoding: gzip, as clients send) against the
floor and the address, interleaved, --repeats times (req/s, p50 and p99 of the median repeat,
and the ratio to the floor); the body's size plain and gzipped; the SQL queries of a cold
request (right after a bump of the stamp) and of a warm one; and the machine's load.
"""

import argparse
import gzip
import os
import statistics
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from public_pages import (  # noqa: E402
    count_queries,
    drop_database,
    production_database,
    seeded_database,
    start_server,
    stop_server,
    wrk,
)


def addresses() -> list[str]:
    from events.models import Event

    event = Event.objects.order_by("pk").first()
    return [
        "/api/v1/events/",
        "/api/v1/municipalities/?prefecture=01",
        f"/api/v1/events/{event.slug}/",
        "/api/v1/",
    ]


def sizes(url: str) -> tuple[int, int, str]:
    """Bytes of the body plain and as sent gzipped, and the Content-Encoding sent."""
    plain = urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 - loopback
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        sent = response.read()
        encoding = response.headers.get("Content-Encoding", "-")
    if encoding == "gzip":
        assert gzip.decompress(sent) == plain, url
    return len(plain), len(sent), encoding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8260, help="the floor; the portal on +1")
    parser.add_argument(
        "--rate", default="1000000000/day", help="DJANGO_OPENDATA_RATE_LIMIT for the run"
    )
    args = parser.parse_args()

    server_url, name = production_database(DJANGO_OPENDATA_RATE_LIMIT=args.rate)
    print(
        f"DJANGO_OPENDATA_RATE_LIMIT={args.rate} for this run (default 120/min): "
        "raised so that wrk's one address is not answered 429; still counted on every request"
    )
    servers = []
    try:
        seeded_database()
        floor = f"http://127.0.0.1:{args.port}/"
        base = f"http://127.0.0.1:{args.port + 1}"
        servers.append(start_server("benchmarks.floor:application", args.port))
        servers.append(start_server("portal.wsgi:application", args.port + 1))
        paths = addresses()
        queries = {path: count_queries(path) for path in paths}
        weights = {path: sizes(base + path) for path in paths}
        print(
            f"warm: wrk -t1 -c{args.connections} -d{args.seconds}s, Accept-Encoding: gzip, "
            f"{args.repeats} repeats, interleaved with the floor"
        )
        print(
            f"{'address':42} {'floor r/s':>9} {'API r/s':>8} {'ratio':>6} {'p50 ms':>7} "
            f"{'p99 ms':>7} {'bytes':>7} {'gzip':>6} {'SQL cold/warm':>13}"
        )
        for path in paths:
            floors, runs = [], []
            for _ in range(args.repeats):
                floors.append(wrk(floor, seconds=args.seconds, connections=args.connections))
                runs.append(wrk(base + path, seconds=args.seconds, connections=args.connections))
            floor_rps = statistics.median(run["rps"] for run in floors)
            median = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
            plain, sent, encoding = weights[path]
            cold, warm = queries[path]
            print(
                f"{path:42} {floor_rps:9.0f} {median['rps']:8.0f} "
                f"{median['rps'] / floor_rps:6.1%} {median['p50']:7.2f} {median['p99']:7.2f} "
                f"{plain:7d} {sent if encoding == 'gzip' else '-':>6} {cold:>6}/{warm}"
            )
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"\n{os.cpu_count()} CPUs; load average after the run (1, 5, 15 min): {load}")
    finally:
        for server in servers:
            stop_server(server)
        try:
            from django.core.cache import cache

            cache.clear()
        except Exception:  # noqa: S110 - the cache may not be configured yet
            pass
        drop_database(server_url, name)


if __name__ == "__main__":
    main()
