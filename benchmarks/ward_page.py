"""A ward's page at scale: 500 ties, 200 collaborations and 300 events for 品川区.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/ward_page.py

Like benchmarks/search.py, it creates a throwaway PostgreSQL database next to the one
DATABASE_URL names (or, with --in-place, uses that empty database and empties it again), loads
the shipped fixtures, and measures 品川区's page (/municipalities/131091/) through Django's test
client, each request with a new ignored parameter so the public-page cache misses every time:
the figures are the page's own work. It measures the shipped data first (the baseline, same run),
then grows the ward's record and measures again, and prints the network map's query count.
Target (issue 21): under 50 ms at the median, with a query count that does not grow.
"""

import argparse
import datetime
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import board  # noqa: E402 - the board benchmark's database helpers and measure()

WARD_CODE = "131091"  # 品川区


def grow(ties: int, collaborations: int, events: int, rng: random.Random) -> None:
    """Give 品川区 `ties` ties, `collaborations` collaborations and `events` events, in bulk."""
    from bulletin.models import Collaboration
    from events.models import Event, TouringVenue
    from members.models import Municipality
    from network.models import Tie

    ward = Municipality.objects.get(code=WARD_CODE)
    towns = list(Municipality.objects.exclude(kind="ward").select_related("prefecture"))
    kinds = ["friendship", "disaster", "exchange"]

    new_ties = Tie.objects.bulk_create(
        Tie(
            slug=f"bench-tie-{index}",
            ward=ward,
            kind=kinds[index % len(kinds)],
            since=datetime.date(1990 + index % 35, 4, 1),
            source="ベンチマーク",
        )
        for index in range(ties)
    )
    partners = rng.sample(towns, ties)
    Tie.municipalities.through.objects.bulk_create(
        Tie.municipalities.through(tie_id=tie.pk, municipality_id=town.pk)
        for tie, town in zip(new_ties, partners, strict=True)
    )

    new_collaborations = Collaboration.objects.bulk_create(
        Collaboration(
            slug=f"bench-collaboration-{index}",
            title=f"連携事業 {index}",
            summary="ベンチマークの連携事業",
            field="tourism",
            prefecture=town.prefecture,
            fiscal_year=2015 + index % 11,
        )
        for index, town in enumerate(rng.sample(towns, collaborations))
    )
    Collaboration.wards.through.objects.bulk_create(
        Collaboration.wards.through(collaboration_id=item.pk, municipality_id=ward.pk)
        for item in new_collaborations
    )

    new_events = Event.objects.bulk_create(
        Event(
            slug=f"bench-event-{index}",
            kind="promotion" if index % 3 else "exhibition",
            title=f"催し {index}",
            start_date=datetime.date(2015 + index % 11, 1 + index % 12, 1 + index % 28),
            status="held",
        )
        for index in range(events)
    )
    # Two in three name the ward as a participant; one in three has it host a touring stop.
    Event.participating_municipalities.through.objects.bulk_create(
        Event.participating_municipalities.through(event_id=event.pk, municipality_id=ward.pk)
        for index, event in enumerate(new_events)
        if index % 3
    )
    TouringVenue.objects.bulk_create(
        TouringVenue(event=event, order=1, venue="区役所ロビー", municipality=ward)
        for index, event in enumerate(new_events)
        if not index % 3
    )


def map_queries() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.maps import network_map

    with CaptureQueriesContext(connection) as queries:
        network_map()
    return len(queries.captured_queries)


def profile(client, url: str) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=500)
    parser.add_argument("--collaborations", type=int, default=200)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--profile", action="store_true", help="print where the grown page's time goes (cProfile)"
    )
    parser.add_argument(
        "--in-place", action="store_true", help="use DATABASE_URL's own (empty) database"
    )
    args = parser.parse_args()

    server_url, name = board.use_benchmark_database(in_place=args.in_place)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from core.public_cache import bump_stamp
        from network.models import Tie

        call_command("migrate", verbosity=0)
        call_command("seed", verbosity=0)
        url = f"/municipalities/{WARD_CODE}/"
        header = "| data | median ms | p95 ms | SQL queries | of which SQL, median ms |"
        rule = "| --- | ---: | ---: | ---: | ---: |"
        print(f"\nload average {os.getloadavg()[0]:.2f}; {args.runs} runs each, cache missed\n")
        print(f"{header}\n{rule}")
        ties = Tie.objects.filter(ward__code=WARD_CODE).count()
        board.measure(
            board.EveryRunMisses(Client(), "shipped"), f"shipped data ({ties} ties)", url, args.runs
        )
        shipped_map = map_queries()

        grow(args.ties, args.collaborations, args.events, random.Random(2014))
        bump_stamp()  # bulk_create sends no signal: the pages must not show the data before it
        label = f"+{args.ties} ties, +{args.collaborations} collaborations, +{args.events} events"
        board.measure(board.EveryRunMisses(Client(), "grown"), label, url, args.runs)
        if args.profile:
            profile(board.EveryRunMisses(Client(), "profiled"), url)
        print(f"\nnetwork map: {shipped_map} queries on the shipped data, {map_queries()} grown")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        if args.in_place:
            call_command("flush", "--no-input", verbosity=0)
        else:
            board.drop_database(server_url, name)


if __name__ == "__main__":
    main()
