"""A gunicorn worker's memory after many requests over every public page, in both languages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python benchmarks/worker_memory.py

Set up as benchmarks/public_pages.py does: a throwaway database next to DATABASE_URL's, the
shipped data (`manage.py seed`), production settings, the Redis database REDIS_URL names (the
script empties it: give it one of its own), the portal under gunicorn on loopback (2 sync
workers, --port). The addresses are every page of the sitemap (both languages: /… and /en/…)
plus the public lists with each value of their filters and every page of each list and filtered
list (the pagination's last page read from the page), each in both languages; the script prints
how many distinct addresses that makes. The stamp is bumped once the list is built, so the
workers render every page themselves.

It reads each worker's VmRSS from /proc/<pid>/status before the requests, every --every
requests and after --requests requests (20,000 by default, over the addresses in turn, by
--threads clients sending a browser's Accept-Encoding), and prints them beside the target (a
worker under 150 MB: issue 26). A gunicorn hook (benchmarks/worker_memory_hook.py) has each
worker report its page store (core/public_cache.py ProcessPages: entries, bytes held and its
bound, PUBLIC_CACHE_PROCESS_BYTES) at the same moments.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import public_pages  # noqa: E402 - its database and server helpers

TARGET_MB = 150
MAX_CHOICES = 60  # values taken from one filter (a municipality filter has 1,741)


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def page_paths(client, path: str) -> list[str]:
    """The address and every page of its list (from the highest page number linked)."""
    response = client.get(path)
    if response.status_code != 200:
        return []
    found = [path]
    html = response.content.decode(errors="replace")
    numbers = [int(n) for n in re.findall(r'href="[^"]*[?&](?:amp;)?page=(\d+)', html)]
    if numbers:
        base, _, query = path.partition("?")
        params = [(k, v) for k, v in parse_qsl(query) if k != "page"]
        for number in range(2, max(numbers) + 1):
            found.append(f"{base}?{urlencode([*params, ('page', number)])}")
    return found


def filter_variants(path: str) -> list[str]:
    """The list page with each value of each of its filters (one filter at a time)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return []
    view_class = getattr(match.func, "view_class", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return []
    model = filterset_class._meta.model
    filterset = filterset_class(data={}, queryset=model._default_manager.none())
    variants = []
    for name, field in filterset.form.fields.items():
        values = [str(value) for value, _label in getattr(field, "choices", ()) if str(value)]
        variants += [f"{path}?{urlencode({name: value})}" for value in values[:MAX_CHOICES]]
    return variants


def public_addresses() -> list[str]:
    """Every page of the sitemap, the lists' filters and pages, in both languages."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    index = client.get("/sitemap.xml").content.decode()
    sections = [urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    paths = set()
    for section in sections:
        body = client.get(section.path, dict(parse_qsl(section.query))).content.decode()
        paths.update(urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body))
    japanese = sorted(p for p in paths if not p.startswith("/en/"))
    lists = []
    for path in japanese:
        variants = filter_variants(path)
        if variants:
            lists.append(path)
            for variant in variants:
                paths.update(page_paths(client, variant))
    for path in lists:
        paths.update(page_paths(client, path))
    both = set()
    for path in paths:
        ja = path.removeprefix("/en")
        both.update({ja, "/en" + ja})
    return sorted(both)


def fetch(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def read_stats(directory: Path) -> dict:
    stats = {}
    for file in directory.glob("*.json"):
        try:
            stats[int(file.stem)] = json.loads(file.read_text())
        except (ValueError, OSError):  # being written
            continue
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=2_000, help="print the RSS this often")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8170)
    args = parser.parse_args()

    stats_dir = Path(tempfile.mkdtemp(prefix="worker-memory-"))
    server_url, name = public_pages.production_database(
        needs_wrk=False,
        BENCH_WORKER_STATS_DIR=str(stats_dir),
        BENCH_WORKER_STATS_EVERY=str(max(1, args.every // 4)),
    )
    server = None
    try:
        public_pages.seeded_database()
        from django.conf import settings
        from django.core.cache import cache

        from core.public_cache import bump_stamp

        started = time.perf_counter()
        addresses = public_addresses()
        english = sum(a.startswith("/en/") for a in addresses)
        print(
            f"{len(addresses):,} distinct public addresses ({len(addresses) - english:,} Japanese, "
            f"{english:,} English) from the sitemap and the lists' filters and pages, "
            f"built in {time.perf_counter() - started:.0f} s"
        )
        bound = getattr(settings, "PUBLIC_CACHE_PROCESS_BYTES", 16 << 20)
        print(f"PUBLIC_CACHE_PROCESS_BYTES: {bound:,} bytes ({bound / 2**20:.1f} MiB)")
        bump_stamp()  # the workers render every page themselves
        cache.clear()
        hook = str(Path(__file__).resolve().parent / "worker_memory_hook.py")
        server = public_pages.start_server("portal.wsgi:application", args.port, "--config", hook)
        workers = workers_of(server.pid)
        before = {pid: rss_mb(pid) for pid in workers}
        base = f"http://127.0.0.1:{args.port}"
        rng = random.Random(26)
        order = addresses[:]
        rng.shuffle(order)
        urls = [base + order[i % len(order)] for i in range(args.requests)]
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        print(
            f"\nworkers {', '.join(map(str, workers))}; RSS MB before: "
            + ", ".join(f"{before[pid]:.1f}" for pid in workers)
        )
        print(
            "\n| requests | "
            + " | ".join(f"worker {pid} RSS MB" for pid in workers)
            + " | page store entries / MiB (per worker) |"
        )
        print("| ---: | " + " | ".join("---:" for _ in workers) + " | --- |")
        peak = dict(before)
        done = 0
        started = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            for chunk_start in range(0, len(urls), args.every):
                chunk = urls[chunk_start : chunk_start + args.every]
                for status in pool.map(fetch, chunk):
                    with lock:
                        statuses[status] = statuses.get(status, 0) + 1
                done += len(chunk)
                rss = {pid: rss_mb(pid) for pid in workers}
                peak = {pid: max(peak[pid], rss[pid]) for pid in workers}
                store = read_stats(stats_dir)
                store_text = "; ".join(
                    f"{store[pid]['entries']:,} / {store[pid]['bytes'] / 2**20:.1f}"
                    for pid in workers
                    if pid in store
                )
                print(
                    f"| {done:,} | "
                    + " | ".join(f"{rss[pid]:.1f}" for pid in workers)
                    + f" | {store_text} |",
                    flush=True,
                )
        elapsed = time.perf_counter() - started
        after = {pid: rss_mb(pid) for pid in workers}
        store = read_stats(stats_dir)
        print(
            f"\n{done:,} requests in {elapsed:.0f} s ({done / elapsed:.0f} req/s) over "
            f"{len(addresses):,} distinct addresses; responses by status: "
            + ", ".join(f"{code}: {count:,}" for code, count in sorted(statuses.items()))
        )
        for pid in workers:
            verdict = "PASS" if after[pid] < TARGET_MB else "FAIL"
            line = (
                f"worker {pid}: RSS {before[pid]:.1f} MB before, {after[pid]:.1f} MB after "
                f"(peak seen {peak[pid]:.1f}), target < {TARGET_MB} MB: {verdict}"
            )
            if pid in store:
                s = store[pid]
                line += (
                    f"; page store {s['entries']:,} entries, {s['bytes']:,} bytes "
                    f"({s['bytes'] / 2**20:.1f} MiB) of its bound {s['max_bytes']:,} "
                    f"(at its request {s['requests']:,})"
                )
            print(line)
        held = [store[pid]["bytes"] <= store[pid]["max_bytes"] for pid in workers if pid in store]
        print(
            "page store bounded in bytes: "
            + ("yes, every worker within its bound" if held and all(held) else "NOT SHOWN")
        )
        print(f"median RSS after: {statistics.median(after.values()):.1f} MB")
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"{os.cpu_count()} CPUs; load average after the run (1, 5, 15 min): {load}")
    finally:
        if server is not None:
            public_pages.stop_server(server)
        try:
            from django.core.cache import cache

            cache.clear()
        except Exception:  # noqa: S110 - the cache may not be configured yet
            pass
        public_pages.drop_database(server_url, name)
        subprocess.run(["rm", "-rf", str(stats_dir)], check=False)  # noqa: S603, S607


if __name__ == "__main__":
    main()
