"""Member pages in CPU instructions per request (valgrind's callgrind), beside the authenticated
floor, for this checkout and, with --baseline, another one (e.g. a worktree of an earlier
commit), in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/member_instructions.py --existing portal_bench_NNNN
    git worktree add /tmp/before <commit>   # then, for a side-by-side table:
        ... --baseline /tmp/before

Wall-clock medians on a shared 2-CPU virtual machine move by a fifth between runs minutes
apart; the number of instructions the Python process executes per request moves by a few per
cent, so it shows what a change to the portal's own work saved. It counts this process only: the
database server's work and the waits for it are not in it (member_pages.py times those).

Needs `valgrind` (Debian's package) and a database filled by `benchmarks/member_pages.py --keep`
(--existing names it). For each page the process runs under callgrind twice, with 0 and with
--runs requests after 4 warm-up requests, and the difference divided by --runs is printed (about
a minute per page and tree). The pages are member_pages.py's, by the same keys.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = [  # (key, label); the URLs are resolved in the child (they need the database)
    ("floor", "authenticated floor"),
    ("board-list", "board list (page 2)"),
    ("board-list-filtered", "board list, prefecture filter"),
    ("proposal", "proposal page, 200 replies (first 50)"),
    ("search-rare", "search 黄金がに (rare)"),
    ("board-home-ward", "board home with suggestions, ward member"),
    ("desk", "the secretariat's desk"),
    ("mypage", "マイページ (ward member, grown)"),
    ("room", "private room (調整ルーム), 200 messages (newest 50)"),
]


def child(database: str, key: str, runs: int) -> None:
    """Inside valgrind: set the portal up on the kept database, warm the page, request it."""
    sys.path.insert(0, str(Path.cwd() / "benchmarks"))
    sys.path.insert(0, str(Path.cwd()))
    import board

    board.use_benchmark_database(existing=database)
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "x" * 40,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    import member_floor
    import member_pages
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.urls import clear_url_caches

    from bulletin.models import Room
    from members.models import User

    settings.ROOT_URLCONF = "member_floor"
    clear_url_caches()
    context = board.existing_context()
    long = Room.objects.annotate(n=Count("messages")).filter(n__gte=200).first()
    ward = Client()
    ward.force_login(User.objects.get(email=f"ward{long.municipality.code}@example.jp"))
    client, url = {
        "floor": (ward, member_floor.FLOOR_PATH),
        "board-list": (ward, "/board/?page=2"),
        "board-list-filtered": (ward, "/board/?prefecture=01"),
        "proposal": (ward, f"/board/{context['big_id']}/"),
        "search-rare": (ward, "/board/?q=黄金がに"),
        "board-home-ward": (ward, "/board/"),
        "desk": (None, "/board/desk/"),
        "mypage": (ward, "/mypage/"),
        "room": (ward, f"/board/rooms/{long.pk}/"),
    }[key]
    client = client or member_pages.secretariat_client()
    for _ in range(4):
        assert client.get(url).status_code == 200, url
    for _ in range(runs):
        client.get(url)


def instructions(tree: Path, database: str, key: str, runs: int) -> float:
    """Millions of instructions per request of `key` in the checkout at `tree`."""
    counts = []
    with tempfile.TemporaryDirectory() as folder:
        for n in (0, runs):
            out = Path(folder) / f"callgrind.{n}.out"
            result = subprocess.run(  # noqa: S603 - valgrind on our own script, fixed arguments
                [  # noqa: S607 - valgrind from the PATH (Debian's package)
                    "valgrind",
                    "--tool=callgrind",
                    f"--callgrind-out-file={out}",
                    str(tree / ".venv/bin/python"),
                    str(ROOT / "benchmarks/member_instructions.py"),
                    "--child",
                    key,
                    "--existing",
                    database,
                    "--runs",
                    str(n),
                ],
                cwd=tree,
                capture_output=True,
                text=True,
                check=True,
            )
            counts.append(int(re.search(r"Collected : (\d+)", result.stderr).group(1)))
    return (counts[1] - counts[0]) / runs / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", metavar="NAME", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", metavar="TREE", help="another checkout, measured beside")
    parser.add_argument("--pages", help="comma-separated keys (default: all)")
    parser.add_argument("--child", metavar="KEY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.existing, args.child, args.runs)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is missing: apt-get install valgrind")
    keys = args.pages.split(",") if args.pages else [key for key, _label in PAGES]
    trees = [("this checkout", ROOT)]
    if args.baseline:
        trees.insert(0, ("baseline", Path(args.baseline).resolve()))
    print(f"{os.cpu_count()} CPUs; {args.runs} requests per page after 4 warm-up requests")
    for name, tree in trees:
        commit = subprocess.run(  # noqa: S603
            ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"{name}: {tree} at {commit}")
    print("\n| page | " + " | ".join(f"{name}, M instructions" for name, _tree in trees) + " |")
    print("| --- |" + " ---: |" * len(trees), flush=True)
    labels = dict(PAGES)
    for key in keys:
        figures = [instructions(tree, args.existing, key, args.runs) for _name, tree in trees]
        row = " | ".join(f"{figure:.1f}" for figure in figures)
        print(f"| {labels[key]} | {row} |", flush=True)


if __name__ == "__main__":
    main()
