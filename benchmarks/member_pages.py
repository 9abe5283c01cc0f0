"""Member pages beside an authenticated floor, at 100,000 proposals and 1,000,000 replies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/member_pages.py

DATABASE_URL names any database on the server; like benchmarks/board.py the script creates its
own throwaway database next to it, loads the register (`manage.py seed`) and the board's
proposals, wanted wards, hands and replies with COPY (board.fill), gives the first ward's member
hundreds of rooms with messages, follows, saved searches, ties and the rest (mypage.grow), one
room a thread of 200 messages, adds a secretariat member (staff in the 事務局 group, second
factor on record in the session), and drops the database at the end (--keep keeps it;
--existing NAME measures a kept one again without filling it).

Production settings (DEBUG off, the manifest's static files: the script runs collectstatic);
the cache is Redis if REDIS_URL is set (the script writes to it but does not empty it), else
each process's memory. Every page goes through Django's test client in this process: the portal's whole middleware
stack, the view, its queries and its templates. The floor is a view only this benchmark registers
(benchmarks/member_floor.py): the same stack, the session and the user, the board's access check
and the base template, and nothing else. It is measured before and after the pages, in the same
run, and the pages are compared with the mean of its two medians: the target (issue 26) is every
page's median at most floor + 15 ms, with a query count that does not grow with the data.

--profile PAGE runs that page 20 more times under cProfile, writes the profile (--profile-out)
and prints the top 30 functions by cumulative time, the top 30 of the portal's own
functions (outside .venv) by cumulative time and the top 20 by their own time.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import board  # noqa: E402 - the board benchmark's database helpers and fill()

TARGET_MS = 15.0


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def secretariat_client():
    """A test client logged in as secretariat staff whose session passed the second factor, as
    allauth's MFA step writes it (members/second_factor.py)."""
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest
    from django.test import Client

    from members.models import User
    from members.roles import secretariat_group

    user = User.objects.filter(email="bench-secretariat@example.jp").first()
    if user is None:  # not there yet (it is with --existing)
        user = User.objects.create_user(email="bench-secretariat@example.jp", is_staff=True)
    user.groups.add(secretariat_group())
    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return client


def busy_room(viewer, messages: int):
    """The viewer ward's first room (from mypage.grow), its thread grown to `messages`."""
    from bulletin.models import Room, RoomMessage

    room = (
        Room.objects.filter(municipality=viewer.membership.municipality)
        .select_related("proposal")
        .order_by("pk")
        .first()
    )
    have = room.messages.count()
    RoomMessage.objects.bulk_create(
        RoomMessage(
            room=room,
            author=viewer if index % 2 else room.proposal.author,
            municipality_id=(
                viewer.membership.municipality_id if index % 2 else room.proposal.municipality_id
            ),
            body=f"日程の件、{index}回目のご連絡です。会場と告知について相談させてください。",
        )
        for index in range(have, messages)
    )
    return room


def measure(client, url: str, runs: int) -> dict:
    """Median and p95 of the whole request (ms), the query counts seen and the median SQL ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm up: templates compiled, connection open
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings, sql_times, counts = [], [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(queries.captured_queries))
        sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)],
        "queries": "/".join(str(c) for c in sorted(counts)),
        "sql": statistics.median(sql_times),
        "bytes": len(response.content),
    }


def profile(client, url: str, out: str, runs: int = 20) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    profiler.dump_stats(out)
    print(f"\nprofile of {url} ({runs} requests) written to {out}; top 30 by cumulative time:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    # The outer 30 are mostly the middleware's wrappers: the portal's own functions, and where
    # the time is spent (not counting what they call), say more about where it goes.
    own = rf"^{re.escape(str(ROOT))}/(?!\.venv/)"
    print(f"top 30 of the portal's own functions (under {ROOT}) by cumulative time:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(own, 30)
    print("top 20 functions by their own time (tottime):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--size", type=int, default=300, help="the ward's rooms, ties, … (grow)")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--existing", metavar="NAME", help="measure a database kept by an earlier --keep run"
    )
    parser.add_argument(
        "--profile",
        metavar="PAGE",
        help="profile one page after the table (its key: see the table's first column)",
    )
    parser.add_argument(
        "--profile-out", metavar="FILE", help="where to write it (default /tmp/member-PAGE.prof)"
    )
    args = parser.parse_args()

    print(f"{os.cpu_count()} CPUs; load average at the start (1, 5, 15 min): {load_average()}")
    server_url, name = board.use_benchmark_database(existing=args.existing)
    # Production settings, as gunicorn runs the portal (board.py's helper sets DEBUG for loading).
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "x" * 40,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    try:
        import django

        django.setup()
        import member_floor
        import mypage
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import clear_url_caches

        from bulletin.models import Proposal
        from members.models import User

        if not args.existing:
            call_command("migrate", verbosity=0)
            call_command("seed", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # the manifest's names
        print(
            f"cache: {settings.CACHES['default']['BACKEND']} (REDIS_URL {'set' if os.environ.get('REDIS_URL') else 'unset'})"
        )
        if args.existing:
            from django.db.models import Count

            from bulletin.models import Room

            context = board.existing_context()
            # The ward whose room has the long thread (an earlier run's viewer).
            long = Room.objects.annotate(n=Count("messages")).filter(n__gte=200).first()
            viewer = User.objects.get(email=f"ward{long.municipality.code}@example.jp")
        else:
            context = board.fill(args.proposals, args.replies, random.Random(2014))
            viewer = context["viewer"]
            print(mypage.grow(viewer, args.size, random.Random(2014)))
        room = busy_room(viewer, 200)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # The floor's view exists only in this process: its URLconf is the portal's plus it.
        settings.ROOT_URLCONF = "member_floor"
        clear_url_caches()

        ward = Client()
        ward.force_login(viewer)
        town = Client()
        town.force_login(User.objects.get(email="bench0@example.jp"))
        secretariat = secretariat_client()
        detail = f"/board/{context['big_id']}/"
        pages = [  # (key, label, client, URL)
            ("board-list", "board list (page 2)", ward, "/board/?page=2"),
            ("board-list-filtered", "board list, prefecture filter", ward, "/board/?prefecture=01"),
            ("proposal", "proposal page, 200 replies (first 50)", ward, detail),
            ("search", "search 観光 (common)", ward, "/board/?q=観光"),
            ("search-rare", "search 黄金がに (rare)", ward, "/board/?q=黄金がに"),
            ("board-home-ward", "board home with suggestions, ward member", ward, "/board/"),
            ("board-home-town", "board home with suggestions, town member", town, "/board/"),
            ("desk", "the secretariat's desk", secretariat, "/board/desk/"),
            ("mypage", "マイページ (ward member, grown)", ward, "/mypage/"),
            ("room", "private room (調整ルーム), 200 messages (newest 50)", ward, f"/board/rooms/{room.pk}/"),
        ]  # fmt: skip
        floor_url = member_floor.FLOOR_PATH
        print(
            f"\n{Proposal.objects.count():,} proposals; {args.runs} runs each; "
            f"load average before the pages: {load_average()}\n"
        )
        floor_before = measure(ward, floor_url, args.runs)
        results = [
            (key, label, measure(client, url, args.runs)) for key, label, client, url in pages
        ]
        floor_after = measure(ward, floor_url, args.runs)
        floor = (floor_before["p50"] + floor_after["p50"]) / 2
        print(
            "| page | key | median ms | p95 ms | SQL queries | of which SQL, median ms "
            "| KB | floor + N ms | target floor + 15 ms |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for label, result in [("authenticated floor (before)", floor_before)]:
            print(
                f"| {label} | floor | {result['p50']:.1f} | {result['p95']:.1f} "
                f"| {result['queries']} | {result['sql']:.1f} | {result['bytes'] / 1024:.1f} | | |"
            )
        failed = 0
        for key, label, result in results:
            over = result["p50"] - floor
            verdict = "PASS" if over <= TARGET_MS else "FAIL"
            failed += verdict == "FAIL"
            print(
                f"| {label} | {key} | {result['p50']:.1f} | {result['p95']:.1f} "
                f"| {result['queries']} | {result['sql']:.1f} | {result['bytes'] / 1024:.1f} "
                f"| floor + {over:.1f} | {verdict} |"
            )
        print(
            f"| authenticated floor (after) | floor | {floor_after['p50']:.1f} "
            f"| {floor_after['p95']:.1f} | {floor_after['queries']} | {floor_after['sql']:.1f} "
            f"| {floor_after['bytes'] / 1024:.1f} | | |"
        )
        print(
            f"\nfloor: {floor:.1f} ms (mean of the two medians, "
            f"{floor_before['p50']:.1f} and {floor_after['p50']:.1f}); "
            f"{len(results) - failed} of {len(results)} pages within floor + {TARGET_MS:.0f} ms"
        )
        print(f"{os.cpu_count()} CPUs; load average at the end (1, 5, 15 min): {load_average()}")
        if args.profile:
            known = {key: (client, url) for key, _, client, url in pages}
            known["floor"] = (ward, floor_url)
            if args.profile not in known:
                sys.exit(f"--profile: unknown page {args.profile!r}; one of {', '.join(known)}")
            client, url = known[args.profile]
            out = args.profile_out or f"/tmp/member-{args.profile}.prof"  # noqa: S108
            profile(client, url, out)
    finally:
        if args.keep or args.existing:
            print(f"kept {name}")
        else:
            board.drop_database(server_url, name)


if __name__ == "__main__":
    main()
