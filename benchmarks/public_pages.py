"""Public pages against the framework's floor, under gunicorn with production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python benchmarks/public_pages.py

DATABASE_URL names any database on the server: the script creates its own throwaway database
(portal_bench_pages_<pid>) next to it, migrates it, loads the shipped data (`manage.py seed`) and
drops it at the end. REDIS_URL is the cache the portal uses; the script empties that Redis
database, so give it one of its own. It starts two gunicorns on loopback (2 sync workers each,
DJANGO_DEBUG=0): the floor (benchmarks/floor.py, a bare Django "hello" view with no middleware)
on --port and the portal on --port + 1, and stops both at the end.

For each page it prints:
- warm: `wrk` (Debian's package, sending a browser's Accept-Encoding) against the floor and then
  the page, interleaved, --repeats times; req/s and latency p50/p99 of the median repeat, and the ratio page/floor;
- cold: the service time of one request right after the version stamp was bumped (as every
  public write does), one connection, median and worst of --cold-runs;
- the SQL queries of a cold and of a warm request (Django's test client, in this process).
Then it fills the database to --scale times the events, timeline entries and collaborations
and prints how the cold service time and the queries grow.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after the portal: benchmarks/disaster.py is no app
import board  # noqa: E402 - the benchmarks' database helpers

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def create_database(url: str) -> tuple[str, str]:
    import psycopg2

    name = f"portal_bench_pages_{os.getpid()}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    admin.close()
    return name, urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def production_database(*, needs_wrk: bool = True, **environment: str) -> tuple[str, str]:
    """Check the services a production-like run needs, create its own PostgreSQL database and
    set the production settings' environment (plus `environment`); returns the server's URL
    and the database's name, for drop_database."""
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark creates its own).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL to a Redis database of its own (the benchmark empties it).")
    if needs_wrk and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    name, url = create_database(server_url)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_CONN_MAX_AGE="600",
        **environment,
    )
    return server_url, name


def seeded_database() -> None:
    """In the database production_database() made: Django set up, migrated, every shipped
    fixture loaded (`manage.py seed`), the static files collected and the cache emptied."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()


def drop_database(url: str, name: str) -> None:
    board.drop_database(url, name, force=True)


def start_server(app: str, port: int, *options: str) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
        [
            GUNICORN,
            app,
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *options,
        ],  # fmt: skip
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"{app} did not start on port {port}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, seconds: int, connections: int) -> dict:
    """req/s and latency percentiles (ms) of a bounded wrk run against a loopback URL."""
    output = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            # As browsers ask (the floor's "hello" is too short to compress either way).
            "-H",
            "Accept-Encoding: gzip, deflate, br",
            url,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {
        int(p): float(v) * _UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rps, "p50": latency[50], "p99": latency[99]}


def pages() -> list[tuple[str, str]]:
    from agreements.models import AgreementBody
    from events.models import Event

    body = AgreementBody.objects.order_by("signed_on", "pk").first()
    event = Event.objects.dated().order_by("-start_date").first()
    return [
        ("/", "/"),
        ("/timeline/", "/timeline/"),
        ("/partners/", "/partners/"),
        ("/agreements/", "/agreements/"),
        ("one agreement body", body.get_absolute_url()),
        ("/events/", "/events/"),
        ("one event", event.get_absolute_url()),
        ("/municipalities/", "/municipalities/"),
        ("/municipalities/?prefecture=01", "/municipalities/?prefecture=01"),
        ("/collaborations/", "/collaborations/"),
        ("/events/feed.atom", "/events/feed.atom"),
        ("/events/calendar.ics", "/events/calendar.ics"),
        ("/sitemap.xml", "/sitemap.xml"),
        ("/en/", "/en/"),
    ]


def count_queries(path: str) -> tuple[int, int]:
    """SQL queries of a cold request (after a bump) and of a warm one, through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.public_cache import bump_stamp

    client = Client(HTTP_HOST="127.0.0.1")
    bump_stamp()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts.append(len(queries.captured_queries))
    return counts[0], counts[1]


def cold_times(base: str, path: str, runs: int) -> list[float]:
    from core.public_cache import bump_stamp

    times = []
    for _ in range(runs):
        bump_stamp()
        started = time.perf_counter()
        urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure_cold(base: str, runs: int) -> dict:
    results = {}
    for label, path in pages():
        cold_times(base, path, 2)  # the workers' first render of a template
        times = sorted(cold_times(base, path, runs))
        results[label] = {
            "cold_p50": statistics.median(times),
            "cold_max": times[-1],
            "queries": count_queries(path),
        }
    return results


def measure_warm(base: str, floor: str, *, repeats: int, seconds: int, connections: int) -> dict:
    results = {}
    for label, path in pages():
        for _ in range(2):
            urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310 - fill the cache
        runs = []
        for _ in range(repeats):
            floor_run = wrk(floor, seconds=seconds, connections=connections)
            page_run = wrk(base + path, seconds=seconds, connections=connections)
            runs.append((page_run["rps"] / floor_run["rps"], floor_run, page_run))
        runs.sort(key=lambda run: run[0])
        ratio, floor_run, page_run = runs[len(runs) // 2]  # the median repeat
        results[label] = {"ratio": ratio, "floor": floor_run, "page": page_run}
        print(f"  {label}: {page_run['rps']:.0f} req/s, floor {floor_run['rps']:.0f}", flush=True)
    return results


def fill(scale: int) -> str:
    """Copy the events, timeline entries and collaborations until there are `scale` times as many."""
    import datetime

    from bulletin.models import Collaboration
    from core.public_cache import bump_stamp
    from events.models import Event
    from record.models import TimelineEntry

    events = list(Event.objects.all())
    entries = list(TimelineEntry.objects.all())
    collaborations = list(Collaboration.objects.prefetch_related("wards"))
    for copy in range(1, scale):
        shift = datetime.timedelta(days=copy)
        new_events = [
            Event(
                **{
                    f.attname: getattr(event, f.attname)
                    for f in Event._meta.concrete_fields
                    if f.attname not in {"id", "slug", "start_date", "end_date"}
                },
                slug=f"{event.slug}--{copy}",
                start_date=event.start_date - shift,
                end_date=event.end_date and event.end_date - shift,
            )
            for event in events
        ]
        Event.objects.bulk_create(new_events)
        TimelineEntry.objects.bulk_create(
            TimelineEntry(
                **{
                    f.attname: getattr(entry, f.attname)
                    for f in TimelineEntry._meta.concrete_fields
                    if f.attname not in {"id", "sequence"}
                },
                sequence=entry.sequence + 100 * copy,
            )
            for entry in entries
        )
        made = Collaboration.objects.bulk_create(
            Collaboration(
                **{
                    f.attname: getattr(c, f.attname)
                    for f in Collaboration._meta.concrete_fields
                    if f.attname not in {"id", "slug", "proposal_id"}
                },
                slug=f"{c.slug}--{copy}",
            )
            for c in collaborations
        )
        Collaboration.wards.through.objects.bulk_create(
            Collaboration.wards.through(collaboration_id=new.pk, municipality_id=ward.pk)
            for new, old in zip(made, collaborations, strict=True)
            for ward in old.wards.all()
        )
    bump_stamp()  # bulk_create sends no signals
    return (
        f"{Event.objects.count():,} events, {TimelineEntry.objects.count():,} timeline entries, "
        f"{Collaboration.objects.count():,} collaborations"
    )


def print_table(warm: dict, cold: dict) -> None:
    print(
        "| page | floor req/s | portal req/s (warm) | ratio | p50 ms | p99 ms "
        "| cold ms, p50 (max) | SQL queries cold / warm |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, _path in pages():
        w, c = warm[label], cold[label]
        print(
            f"| {label} | {w['floor']['rps']:,.0f} | {w['page']['rps']:,.0f} | "
            f"{w['ratio']:.0%} | {w['page']['p50']:.2f} | {w['page']['p99']:.2f} | "
            f"{c['cold_p50']:.1f} ({c['cold_max']:.1f}) | {c['queries'][0]} / {c['queries'][1]} |"
        )


def print_growth(small: dict, large: dict, scale: int) -> None:
    print(f"| page | cold ms, shipped data | cold ms, {scale}× | growth | SQL queries (both) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, _path in pages():
        s, big = small[label], large[label]
        queries = "/".join(sorted({str(s["queries"][0]), str(big["queries"][0])}))
        print(
            f"| {label} | {s['cold_p50']:.1f} | {big['cold_p50']:.1f} | "
            f"{big['cold_p50'] / s['cold_p50']:.2f}× | {queries} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=2, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--cold-runs", type=int, default=15)
    parser.add_argument("--scale", type=int, default=10, help="0: do not fill")
    parser.add_argument("--port", type=int, default=8160, help="the floor; the portal on +1")
    parser.add_argument("--no-warm", action="store_true", help="cold times and queries only")
    args = parser.parse_args()

    server_url, name = production_database(needs_wrk=not args.no_warm)
    servers = []
    try:
        seeded_database()
        floor = f"http://127.0.0.1:{args.port}/"
        base = f"http://127.0.0.1:{args.port + 1}"
        servers.append(start_server("benchmarks.floor:application", args.port))
        servers.append(start_server("portal.wsgi:application", args.port + 1))
        cold = measure_cold(base, args.cold_runs)
        if not args.no_warm:
            print(
                f"warm: wrk -t1 -c{args.connections} -d{args.seconds}s, Accept-Encoding: gzip, "
                f"{args.repeats} repeats"
            )
            warm = measure_warm(
                base,
                floor,
                repeats=args.repeats,
                seconds=args.seconds,
                connections=args.connections,
            )
            print()
            print_table(warm, cold)
        else:
            for label, result in cold.items():
                print(label, result)
        if args.scale > 1:
            print(f"\nfilled to {args.scale}×: {fill(args.scale)}\n")
            print_growth(cold, measure_cold(base, args.cold_runs), args.scale)
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
