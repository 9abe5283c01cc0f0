"""Site search benchmark: the shipped data, and 100,000 proposals for a member's search.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/search.py

Like benchmarks/board.py (whose filler it uses), it creates a throwaway database next to the one
DATABASE_URL names, loads every shipped fixture, fills the board with COPY, and drops the
database at the end. With --in-place it uses the (empty) database DATABASE_URL names instead
and empties it again at the end, for a machine where each engineer has one database of their own. It prints the median and 95th-percentile server time of /search/ (the whole
request through Django's test client), its SQL query count and the database's share.
Target: under 50 ms at the median, anonymous on the shipped data and for a member at 100,000.
"""

import argparse
import os
import random
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import board  # noqa: E402 - the board benchmark's database helpers and filler

ANONYMOUS = ["白糠", "しらぬか", "shiranuka", "黄金がに", "講演会", "観光", "防災", "坂井市 品川区"]
MEMBER = ["観光", "防災", "黄金がに", "温泉 祭り", "白糠"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
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

        from bulletin.models import Proposal

        call_command("migrate", verbosity=0)
        call_command("seed", verbosity=0)
        header = "| search | median ms | p95 ms | SQL queries | of which SQL, median ms |"
        rule = "| --- | ---: | ---: | ---: | ---: |"

        print(f"\nshipped data, anonymous visitor; {args.runs} runs each\n\n{header}\n{rule}")
        # The search itself: each run's address differs (an ignored parameter), so the public-page
        # cache misses every time and the figures are the search's (and storing its page). The
        # last row is the same search repeated: served from the cache after the first request.
        anonymous = board.EveryRunMisses(Client())
        for words in ANONYMOUS:
            board.measure(anonymous, words, f"/search/?q={quote(words)}", args.runs)
        board.measure(Client(), "白糠, from the public-page cache", f"/search/?q={quote('白糠')}", args.runs)  # fmt: skip

        context = board.fill(args.proposals, args.replies, random.Random(2014))
        member = Client()
        member.force_login(context["viewer"])
        print(
            f"\n{Proposal.objects.count():,} proposals, an approved member; {args.runs} runs each"
            f"\n\n{header}\n{rule}"
        )
        for words in MEMBER:
            board.measure(member, words, f"/search/?q={quote(words)}", args.runs)
        board.measure(member, "観光, board only, page 2", f"/search/?q={quote('観光')}&kind=board&page=2", args.runs)  # fmt: skip
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"\n{os.cpu_count()} CPUs; load average during the run (1, 5, 15 min): {load}")
    finally:
        if args.in_place:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
        else:
            board.drop_database(server_url, name)


if __name__ == "__main__":
    main()
