"""Matching benchmark on PostgreSQL: the fan-out of a new post, the worker's mail rate, and the
suggestions and the secretariat's desk at 100,000 proposals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/matching.py

Like benchmarks/board.py it creates a throwaway database next to DATABASE_URL's and drops it.
It prints, for posting a proposal that matches every ward (1 and then 5 members per ward) and a
call to every municipality (10 and then 1,000 members), the request's time and query count: both
must stay the same whatever the number of recipients (bulk writes). Then the outbox worker's mail
rate (Django's locmem backend: the portal's own cost per mail, not an SMTP server's), and the
median and 95th-percentile server time of the board home (with the suggestions) and of the desk.
Targets: posting time and queries constant in recipients; suggestions and desk under 50 ms p50.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from board import copy_rows, drop_database, measure, use_benchmark_database  # noqa: E402


def add_members(municipality_ids, per_municipality: int, prefix: str) -> list:
    from django.utils import timezone

    from members.models import Membership, User

    users = [
        User(email=f"{prefix}-{m}-{i}@example.jp", password="!")  # noqa: S106
        for m in municipality_ids
        for i in range(per_municipality)
    ]
    User.objects.bulk_create(users)
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                municipality_id=int(user.email.split("-")[1]),
                department="企画課",
                position="主事",
                full_name="連携 太郎",
                full_name_kana="れんけい たろう",
                phone="03-0000-0000",
                agreed_to_terms_at=now,
                status="approved",
                decided_at=now,
            )
            for user in users
        ]
    )
    return users


def fill_proposals(count: int, rng: random.Random, towns: list[int], wards: list[int]) -> None:
    """Old proposals (and one call in ten) by COPY, spread over five years; most are closed."""
    from django.db import connection
    from django.utils import timezone

    from bulletin.models import ProposalField, ProposalKind

    now = timezone.now()
    fields, kinds = ProposalField.values, ProposalKind.values
    columns = [
        "municipality_id", "title", "body", "field", "kind", "offer", "seeking", "any_ward",
        "fiscal_year", "status", "is_hidden", "hidden_reason", "created_at", "direction",
        "target_region", "target_kind",
    ]  # fmt: skip
    rows = []
    for i in range(count):
        call = i % 10 == 0
        created = now - timezone.timedelta(minutes=i * 25)
        rows.append(
            [
                rng.choice(wards) if call else rng.choice(towns),
                f"ベンチマークの投稿 {i}",
                "連携したいと考えています。",
                rng.choice(fields),
                rng.choice(kinds),
                "",
                "",
                True,
                2024,
                "open" if i < 2000 else rng.choice(["closed", "realized", "coordinating"]),
                False,
                "",
                created.isoformat(),
                "call" if call else "proposal",
                "",
                "",
            ]
        )
    with connection.cursor() as cursor:
        copy_rows(cursor, "bulletin_proposal", columns, rows)
        cursor.execute("ANALYZE bulletin_proposal")


def time_post(client, url: str, data: dict, runs: int = 5) -> tuple[float, str]:
    """The median time of `runs` posts, and their query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, counts = [], set()
    for run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, {**data, "title": f"{data['title']} #{run}"})
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.content[:500]
        counts.add(len(queries.captured_queries))
    return statistics.median(timings), "/".join(str(c) for c in sorted(counts))


def post_data(title: str) -> dict:
    return {
        "title": title,
        "field": "tourism",
        "kind": "event",
        "body": "ベンチマーク",
        "any_ward": "True",
        "fiscal_year": "2025",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--posts", type=int, default=5, help="posts per size (median time)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="use DATABASE_URL's own (empty) database instead of creating one; it is left filled",
    )
    args = parser.parse_args()
    server_url, name = use_benchmark_database(in_place=args.in_place)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from core.dates import fiscal_year_of
        from members import outbox
        from members.models import Municipality, OutgoingEmail
        from tests.factories import make_secretariat, pass_second_factor

        call_command("migrate", verbosity=0)
        call_command("loaddata", "municipalities", "agreements", verbosity=0)
        rng = random.Random(2014)
        wards = list(Municipality.objects.filter(kind="ward").values_list("pk", flat=True))
        towns = list(
            Municipality.objects.exclude(kind="ward").order_by("code").values_list("pk", flat=True)
        )
        started = time.perf_counter()
        fill_proposals(args.proposals, rng, towns, wards)
        print(f"filled {args.proposals:,} proposals in {time.perf_counter() - started:.1f} s")

        poster = add_members([towns[0]], 1, "poster")[0]
        ward_poster = add_members([wards[0]], 1, "wardposter")[0]
        client = Client()

        print("\n| post | recipients | ms | queries |\n| --- | --- | --- | --- |")
        client.force_login(poster)
        add_members(wards, 1, "w1")
        time_post(client, reverse("bulletin:proposal-create"), post_data("warm-up"), 1)
        for label, per_ward in (("proposal to 1 per ward", 0), ("proposal to 5 per ward", 4)):
            if per_ward:
                add_members(wards, per_ward, f"w{per_ward}")
            ms, queries = time_post(
                client, reverse("bulletin:proposal-create"), post_data(label), args.posts
            )
            recipients = OutgoingEmail.objects.filter(subject__contains=f"{label} #0").count()
            print(f"| {label} | {recipients} | {ms:.1f} | {queries} |")
        client.force_login(ward_poster)
        add_members(towns[1:11], 1, "t1")
        for label, extra in (("call to 11 towns", 0), ("call to 1001 towns", 990)):
            if extra:
                add_members(towns[11 : 11 + extra], 1, "t2")
            ms, queries = time_post(
                client, reverse("bulletin:call-create"), post_data(label), args.posts
            )
            recipients = OutgoingEmail.objects.filter(subject__contains=f"{label} #0").count()
            print(f"| {label} | {recipients} | {ms:.1f} | {queries} |")

        waiting = OutgoingEmail.objects.unsent().count()
        started = time.perf_counter()
        result = outbox.send_due(limit=1000)
        elapsed = time.perf_counter() - started
        print(
            f"\nworker: {result.sent} mails in {elapsed:.1f} s = {result.sent / elapsed:.0f} mails/s"
            f" ({waiting} were waiting)"
        )

        print("\n| page | p50 ms | p95 ms | queries | SQL ms |\n| --- | --- | --- | --- | --- |")
        viewer = Client()
        viewer.force_login(ward_poster)
        # The same list without the suggestions (a filter is set), for comparison on this machine.
        measure(
            viewer,
            "board list, filtered (no suggestions)",
            reverse("bulletin:proposal-list") + "?status=open",
            args.runs,
        )
        measure(
            viewer,
            "board home with suggestions (ward)",
            reverse("bulletin:proposal-list"),
            args.runs,
        )
        town_viewer = Client()
        town_viewer.force_login(poster)
        measure(
            town_viewer,
            "board home with suggestions (town)",
            reverse("bulletin:proposal-list"),
            args.runs,
        )
        secretariat = Client()
        pass_second_factor(secretariat, make_secretariat("bench-secretariat@example.jp"))
        measure(secretariat, "secretariat's desk", reverse("bulletin:desk"), args.runs)

        from bulletin.matching import suggestions_for

        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            suggestions_for(ward_poster)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"\nsuggestions_for() alone: p50 {statistics.median(timings):.1f} ms")
        from bulletin import desk

        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            list(desk.stale_proposals()[: desk.QUEUE_LENGTH])
            list(desk.unanswered_calls()[: desk.QUEUE_LENGTH])
            desk.waiting_applications().count()
            desk.waiting_reports().count()
            timings.append((time.perf_counter() - started) * 1000)
        print(f"desk queues alone: p50 {statistics.median(timings):.1f} ms")
        started = time.perf_counter()
        desk.fiscal_year_figures(fiscal_year_of(timezone.localdate()))
        print(f"fiscal-year figures, uncached: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        if not (args.keep or args.in_place):
            drop_database(server_url, name)


if __name__ == "__main__":
    main()
