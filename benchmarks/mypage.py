"""マイページ of a member of a busy ward: the member's desk at scale (issue 22).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/mypage.py

Like benchmarks/ward_page.py, it creates a throwaway PostgreSQL database next to the one
DATABASE_URL names, loads the shipped fixtures and the board benchmark's board (board.fill), and
measures the first ward's member's /mypage/ through Django's test client (logged in: the page is
never cached). It measures the board alone first, then gives the ward hundreds of rooms with
thousands of messages, follows, saved searches, consultations, waiting-list registrations, ties
and collaborations, and measures again.
Target (issue 22): under 50 ms at the median, with a query count that does not grow.
"""

import argparse
import datetime
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import board  # noqa: E402 - the board benchmark's database helpers, fill() and measure()


def grow(viewer, size: int, rng: random.Random) -> str:
    """Give the viewer's ward `size` rooms (10 messages each, half of them read), follows, saved
    searches, consultations, ties, collaborations and waiting-list registrations."""
    from django.utils import timezone

    from bulletin.models import (
        Collaboration,
        Consultation,
        Follow,
        HandRaise,
        Room,
        RoomMessage,
        RoomRead,
        SavedSearch,
    )
    from events.models import Event
    from events.registrations import Registration
    from network.models import Tie

    ward = viewer.membership.municipality
    now = timezone.now()
    hands = list(HandRaise.objects.filter(ward=ward).select_related("proposal")[:size])
    rooms = Room.objects.bulk_create(
        Room(proposal_id=hand.proposal_id, host_id=hand.proposal.municipality_id, municipality=ward)
        for hand in hands
    )
    RoomMessage.objects.bulk_create(
        RoomMessage(
            room=room,
            author_id=hand.proposal.author_id,
            municipality_id=hand.proposal.municipality_id,
            body=f"メッセージ {index}",
        )
        for room, hand in zip(rooms, hands, strict=True)
        for index in range(10)
    )
    RoomRead.objects.bulk_create(
        RoomRead(room=room, user=viewer, last_read_at=now + datetime.timedelta(minutes=1))
        for room in rooms[::2]
    )
    Follow.objects.bulk_create(
        Follow(user=viewer, proposal_id=hand.proposal_id) for hand in hands[: size // 2]
    )
    SavedSearch.objects.bulk_create(
        SavedSearch(user=viewer, name=f"検索 {index}", query=f"q=観光{index}")
        for index in range(size // 10)
    )
    Consultation.objects.bulk_create(
        Consultation(municipality=ward, author=viewer, subject=f"相談 {index}")
        for index in range(size // 5)
    )
    Tie.objects.bulk_create(
        Tie(slug=f"bench-tie-{index}", ward=ward, kind="friendship", source="ベンチマーク")
        for index in range(size)
    )
    collaborations = Collaboration.objects.bulk_create(
        Collaboration(
            slug=f"bench-collaboration-{index}",
            title=f"連携事業 {index}",
            summary="ベンチマーク",
            field="tourism",
            prefecture=ward.prefecture,
            fiscal_year=2015 + index % 11,
        )
        for index in range(size)
    )
    Collaboration.wards.through.objects.bulk_create(
        Collaboration.wards.through(collaboration_id=item.pk, municipality_id=ward.pk)
        for item in collaborations
    )
    events = Event.objects.bulk_create(
        Event(
            slug=f"bench-event-{index}",
            kind="lecture",
            title=f"講演会 {index}",
            start_date=timezone.localdate() + datetime.timedelta(days=10 + index),
            status="scheduled",
        )
        for index in range(size // 10)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            status="waiting",
            name="待つ人",
            email=f"wait{index}@example.jp",
        )
        for event in events
        for index in range(20)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event, status="waiting", name="区の職員", email=viewer.email, user=viewer
        )
        for event in events
    )
    return (
        f"+{len(rooms)} rooms ({len(rooms) * 10} messages), {size // 2} follows, "
        f"{size} ties, {size} collaborations, {len(events)} registrations"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=20_000)
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--profile", action="store_true", help="print where the grown page's time goes (cProfile)"
    )
    parser.add_argument(
        "--slowest", action="store_true", help="print the grown page's five slowest queries"
    )
    args = parser.parse_args()

    server_url, name = board.use_benchmark_database()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("seed", verbosity=0)
        context = board.fill(args.proposals, args.replies, random.Random(2014))
        viewer = context["viewer"]
        client = Client()
        client.force_login(viewer)
        header = "| data | median ms | p95 ms | SQL queries | of which SQL, median ms |"
        print(f"\nload average {os.getloadavg()[0]:.2f}; {args.runs} runs each\n")
        print(f"{header}\n| --- | ---: | ---: | ---: | ---: |")
        board.measure(client, f"board of {args.proposals:,} posts", "/mypage/", args.runs)
        label = grow(viewer, args.size, random.Random(2014))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        board.measure(client, label, "/mypage/", args.runs)
        if args.profile:
            from ward_page import profile

            profile(client, "/mypage/")
        if args.slowest:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                client.get("/mypage/")
            for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
                print(f"\n{float(query['time']) * 1000:.1f} ms: {query['sql'][:600]}")
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    finally:
        board.drop_database(server_url, name)


if __name__ == "__main__":
    main()
