"""Disaster mode under stress: public readers and committing wards at once, beside the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python benchmarks/disaster.py --seconds 60

DATABASE_URL names any database on the server: the script creates its own throwaway database
(portal_bench_disaster_<pid>) next to it, migrates it, loads the register and the record of past
disasters (fixtures municipalities and disasters; --seed loads everything `manage.py seed` does)
and drops it at the end. REDIS_URL is the portal's cache (pages, sessions' rate limits): the
script empties that Redis database, so give it one of its own.

It declares 「令和9年ベンチマーク地震」 for one municipality, whose member posts --requests staff
requests of --quantity 保健師 each, and starts two gunicorns on loopback (2 sync workers each,
DJANGO_DEBUG=0): the floor (benchmarks/floor.py) on --port and the portal on --port + 1. Then,
for --seconds, at the same time:
- readers: `wrk` with --readers connections (default 100) over the public pages of the disaster
  (/disaster-support/ and /disaster-support/<slug>/, from the page cache, which every commitment
  invalidates), with its p50/p95/p99 and errors;
- writers: --writers threads (default 10), each signed in as the member of another ward, each
  committing 1 保健師 at a time to a random open request (POST, as the form does).
The floor is measured with the same wrk settings right before the load.

It fails unless: no reader or writer error (a refusal because a request is full is an answer,
not an error), p95 under 1 s for each request (the readers', and the writers' request page and
commitment, each timed on its own; a whole commitment, the two in a row, is printed beside them),
every accepted commitment saved exactly once (rows of this run == accepted posts) and no request
over-committed.
"""

import argparse
import collections
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from public_pages import drop_database, production_database, start_server, stop_server  # noqa: E402
from several_instances import Client  # noqa: E402

PASSWORD = "disaster-benchmark-2027"  # noqa: S105 (the benchmark's own members)
CONTACT = "ベンチマーク担当"
# A request whose whole number is committed shows its state, and no form to commit more.
FULL = "充足"

# wrk: the readers rotate over the paths; done() prints the percentiles and the errors.
READERS_LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%%d errors=%%d non2xx=%%d p50=%%.3f p95=%%.3f p99=%%.3f\\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def wrk(base: str, paths: list[str], *, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(READERS_LUA % {"paths": ", ".join(f'"{p}"' for p in paths)})
    try:
        output = subprocess.run(  # noqa: S603
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",  # noqa: S607
             "-s", script.name, base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    match = re.search(
        r"RESULT requests=(\d+) errors=(\d+) non2xx=(\d+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+)",
        output,
    )
    requests, errors, non2xx = (int(match.group(n)) for n in (1, 2, 3))
    p50, p95, p99 = (float(match.group(n)) for n in (4, 5, 6))
    return {
        "requests": requests,
        "errors": errors + non2xx,
        "rps": requests / seconds,
        "p50": p50,
        "p95": p95,
        "p99": p99,
    }


def members(count: int):
    """A member of the affected municipality and one member for each of `count` wards."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from members.models import Membership, MembershipStatus, Municipality, MunicipalityKind, User

    wards = Municipality.objects.filter(kind=MunicipalityKind.SPECIAL_WARD).order_by("code")
    wards = list(wards[:count])
    assert len(wards) == count, "one ward for each writer (23 at most)"
    town = Municipality.objects.exclude(kind=MunicipalityKind.SPECIAL_WARD).order_by("code").first()
    people = [(town, "bench-town@example.jp")]
    people += [(ward, f"bench-ward{n}@example.jp") for n, ward in enumerate(wards)]
    users = []
    for municipality, email in people:
        user = User.objects.create_user(email=email, password=PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.create(
            user=user,
            municipality=municipality,
            department="危機管理課",
            position="主事",
            full_name="負荷 試験",
            full_name_kana="ふか しけん",
            phone="03-0000-0000",
            agreed_to_terms_at=timezone.now(),
            status=MembershipStatus.APPROVED,
            decided_at=timezone.now(),
        )
        users.append(user)
    return town, users[0], users[1:]


def prepare(args):
    """The disaster, its requests, its members; returns what the load needs."""
    import datetime

    from disaster.services.disasters import disaster_declare
    from disaster.services.requests import request_post
    from members.models import User

    town, town_member, ward_members = members(args.writers)
    secretariat = User.objects.create_superuser(email="bench-admin@example.jp", password=PASSWORD)
    disaster = disaster_declare(
        actor=secretariat,
        data={
            "name": "令和9年ベンチマーク地震",
            "kind": "earthquake",
            "occurred_on": datetime.date(2027, 1, 1),
        },
        prefectures=[],
        municipalities=[town],
    )
    requests = [
        request_post(
            author=town_member,
            disaster=disaster,
            data={
                "kind": "staff",
                "profession": "nurse",
                "item": f"避難所の健康相談 {n}",
                "quantity": args.quantity,
                "place": "避難所",
            },
        )
        for n in range(args.requests)
    ]
    return disaster, requests, [signed_in_session(user) for user in ward_members]


def signed_in_session(user) -> str:
    """A session of the user, written where the servers read sessions (the sign-in form is
    not what this benchmark measures)."""
    from django.conf import settings
    from django.test import Client as TestClient

    client = TestClient()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def write_load(base_port: int, disaster, requests, sessions, *, seconds: float) -> dict:
    """Each writer, one ward's member, commits 1 at a time until time is up."""
    from django.conf import settings

    lock = threading.Lock()
    latencies, outcomes = [], collections.Counter()
    per_request = {"GET": [], "POST": []}  # each request's own time, as a person waits for it
    clients = []
    for session in sessions:
        client = Client(base_port)
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        clients.append(client)
    deadline = time.monotonic() + seconds
    paths = [f"/disaster/{disaster.slug}/requests/{request.pk}/" for request in requests]

    def work(client, seed):
        rng = random.Random(seed)
        full = set()
        while time.monotonic() < deadline and len(full) < len(paths):
            path = rng.choice([p for p in paths if p not in full])
            started = time.monotonic()
            got = posted = None
            try:
                client.request("GET", path)  # the page and its CSRF cookie, as a browser does
                got = time.monotonic()
                status, location, body = client.request(
                    "POST", path, {"quantity": "1", "contact": CONTACT}
                )
                posted = time.monotonic()
            except OSError as error:
                status, location, body = type(error).__name__, "", b""
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if got is not None:
                    per_request["GET"].append(got - started)
                if posted is not None:
                    per_request["POST"].append(posted - got)
                if status == 302 and location.rstrip("/").endswith(path.rstrip("/")):
                    outcomes["accepted"] += 1
                elif status == 200 and ("残りは".encode() in body or FULL.encode() in body):
                    outcomes["refused: full"] += 1
                    full.add(path)
                else:
                    outcomes[f"error {status}"] += 1

    threads = [threading.Thread(target=work, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "outcomes": outcomes,
        "posts": len(latencies),
        **percentiles(latencies),
        "GET": percentiles(per_request["GET"]),
        "POST": percentiles(per_request["POST"]),
    }


def percentiles(values: list[float]) -> dict:
    values = sorted(values)
    if not values:
        return {"count": 0, "p50": 0, "p95": 0}
    return {
        "count": len(values),
        "p50": statistics.median(values),
        "p95": values[max(int(len(values) * 0.95) - 1, 0)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=100, help="wrk connections")
    parser.add_argument("--writers", type=int, default=10, help="committing wards")
    parser.add_argument("--requests", type=int, default=5, help="open requests")
    parser.add_argument("--quantity", type=int, default=500, help="保健師 asked per request")
    parser.add_argument("--port", type=int, default=8170, help="the floor; the portal on +1")
    parser.add_argument("--seed", action="store_true", help="load every shipped fixture")
    args = parser.parse_args()

    server_url, name = production_database()
    servers = []
    try:
        import django

        django.setup()
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db.models import Sum
        from django.utils import timezone

        from disaster.models import Commitment, SupportRequest

        call_command("migrate", verbosity=0)
        if args.seed:
            call_command("seed", verbosity=0)
        else:
            call_command("loaddata", "municipalities", "disasters", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        cache.clear()
        disaster, requests, sessions = prepare(args)
        floor = f"http://127.0.0.1:{args.port}"
        base = f"http://127.0.0.1:{args.port + 1}"
        servers.append(start_server("benchmarks.floor:application", args.port))
        servers.append(start_server("portal.wsgi:application", args.port + 1))
        public = ["/disaster-support/", f"/disaster-support/{disaster.slug}/"]
        for path in public:  # the workers' first render of the templates
            Client(args.port + 1).request("GET", path)

        floor_run = wrk(floor, ["/"], seconds=min(args.seconds, 10), connections=args.readers)
        started = timezone.now()
        writers = {}
        thread = threading.Thread(
            target=lambda: writers.update(
                write_load(args.port + 1, disaster, requests, sessions, seconds=args.seconds)
            )
        )
        thread.start()
        readers = wrk(base, public, seconds=args.seconds, connections=args.readers)
        thread.join()

        saved = Commitment.objects.filter(created_at__gte=started, contact=CONTACT).count()
        committed = {
            r.pk: r.total or 0
            for r in SupportRequest.objects.filter(disaster=disaster).annotate(
                total=Sum("commitments__quantity")
            )
        }
        over = {pk: total for pk, total in committed.items() if total > args.quantity}
        accepted = writers["outcomes"]["accepted"]
        errors = {k: v for k, v in writers["outcomes"].items() if k.startswith("error")}
        print(f"{args.seconds} s, {args.readers} readers (wrk) and {args.writers} writers")
        print("| load | req/s | p50 ms | p95 ms | p99 ms | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, run in [("floor (hello)", floor_run), ("public disaster pages", readers)]:
            print(
                f"| {label} | {run['rps']:,.0f} | {run['p50']:.1f} | {run['p95']:.1f} | "
                f"{run['p99']:.1f} | {run['errors']} |"
            )
        for label, run in [
            ("writers: the request page (GET)", writers["GET"]),
            ("writers: the commitment (POST)", writers["POST"]),
        ]:
            print(
                f"| {label} | {run['count'] / args.seconds:,.1f} | {run['p50'] * 1000:.1f} | "
                f"{run['p95'] * 1000:.1f} | — | |"
            )
        print(
            f"| writers: a whole commitment (GET, then POST) | {writers['posts'] / args.seconds:,.1f} | "
            f"{writers['p50'] * 1000:.1f} | {writers['p95'] * 1000:.1f} | — | "
            f"{sum(errors.values())} |"
        )
        print(f"writers: {dict(writers['outcomes'])}; rows saved {saved} of {accepted} accepted")
        print(f"committed per request (of {args.quantity}): {sorted(committed.values())}")
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"{os.cpu_count()} CPUs; load average after the run (1, 5, 15 min): {load}")
        failures = []
        if readers["errors"] or errors:
            failures.append(f"errors: readers {readers['errors']}, writers {errors}")
        # p95 of each request (the readers', the writers' GETs and POSTs): the response time a
        # person waits for. The whole commitment, two requests in a row, is printed beside it.
        if readers["p95"] >= 1000 or writers["GET"]["p95"] >= 1 or writers["POST"]["p95"] >= 1:
            failures.append("a request's p95 over 1 s")
        if not accepted:
            failures.append("no commitment was accepted")
        if saved != accepted:
            failures.append(f"{accepted} commitments accepted, {saved} saved")
        if over:
            failures.append(f"over-committed: {over}")
        if failures:
            sys.exit("FAILED: " + "; ".join(failures))
        print(
            "OK: 0 errors, every request's p95 under 1 s, every commitment saved once, none over-committed"
        )
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
