"""A nationwide call on PostgreSQL: the request writes one fan-out row, the worker tells everyone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/call_fanout.py

Like benchmarks/board.py it creates a throwaway database next to DATABASE_URL's and drops it
(--keep keeps it). It loads the shipped register (1,741 municipalities) and adds members in three
steps: one in each of 11 towns, one in each of 1,001, then ten in every municipality (17,410
members; a call is addressed to municipalities, not wards, so a call to the whole country reaches
the 17,180 members outside the 23 wards). After each step, a ward's member posts a call to every
municipality, and the benchmark prints:

- the request's median time and its query count over --posts posts, with no worker running (those
  posts' fan-outs are then deleted, unexpanded: they only measure the request);
- one more post with the worker (`manage.py send_notifications --loop`, a separate process, its
  default 2 s interval) running: the request's time, and the time from the post until the last
  notification exists (the fan-out row finished), with the notifications and the mails in the
  outbox counted for that call. The worker is then stopped, and the mails it has not yet sent are
  marked sent, so that the next step's worker starts with an empty outbox (sending is not
  measured here: benchmarks/matching.py measures the worker's mail rate).

Last, one more call to every member, whose worker is killed (SIGKILL) once it has written a
batch; a new worker finishes the job, and the benchmark counts members notified or mailed twice
and members missing (all three must be 0).

Targets: the request under 100 ms with the same query count at every size; every recipient
notified, with their mail in the outbox, within 30 s. The machine's load is printed: it is shared.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after the apps: benchmarks/search.py is no app

from board import drop_database, use_benchmark_database  # noqa: E402

TARGET_MS = 100
TARGET_SECONDS = 30


def add_members(municipality_ids, per_municipality: int, prefix: str) -> list:
    """Approved members, `per_municipality` in each (bulk; as benchmarks/matching.py's, which
    cannot be imported here: it puts benchmarks/ first on the path, before the search app)."""
    from django.utils import timezone

    from members.models import Membership, User

    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}-{m}-{i}@example.jp", password="!")  # noqa: S106
            for m in municipality_ids
            for i in range(per_municipality)
        ]
    )
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


def call_form(title: str) -> dict:
    return {
        "title": title,
        "field": "industry",
        "kind": "exhibit_slot",
        "body": "区民まつりの物産展の出展枠を用意します。全国の自治体からの出展をお待ちしています。",
        "offer": "出展枠",
        "seeking": "特産品の販売",
        "fiscal_year": "2025",
        "target_region": "",
        "target_kind": "",
    }


def post(client, url: str, title: str) -> tuple[float, int, float]:
    """(the request's ms, its query count, the ms of its SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(url, call_form(title))
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.content[:800]
    sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return elapsed, len(queries.captured_queries), sql


def start_worker() -> subprocess.Popen:
    """The worker service as deployed, in its own process; returns once it is looping."""
    worker = subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, fixed arguments
        [sys.executable, str(ROOT / "manage.py"), "send_notifications", "--loop"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # A run first expands what is pending, then starts looping.
    line = worker.stdout.readline()
    while line and "outbox worker" not in line:
        line = worker.stdout.readline()
    assert "outbox worker" in line, "the worker did not start"
    # Keep reading what it prints, so that a full pipe never blocks it.
    threading.Thread(target=worker.stdout.read, daemon=True).start()
    return worker


def stop_worker(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=120)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def kill_mid_way(client, url: str) -> str:
    """A call to every member; the worker is killed (SIGKILL: no clean-up) once it has written
    a batch, and a new worker finishes the job. Returns a line saying what was found."""
    from django.db.models import Count

    from bulletin.models import FanOut, Notification, Proposal
    from members.models import OutgoingEmail

    title = "全国への募集（途中で止まる worker）"
    worker = start_worker()
    post(client, url, title)
    call = Proposal.objects.get(title=title)
    job = FanOut.objects.get(proposal=call)
    started = time.perf_counter()
    while not FanOut.objects.filter(pk=job.pk, cursor__gt=0).exists():
        if time.perf_counter() - started > 300:
            sys.exit("the worker wrote no batch in 5 minutes")
        time.sleep(0.01)
    worker.kill()
    worker.wait()
    job.refresh_from_db()
    at_kill = (job.notified, job.finished_at is not None)
    worker = start_worker()
    try:
        while not FanOut.objects.filter(pk=job.pk, finished_at__isnull=False).exists():
            if time.perf_counter() - started > 600:
                sys.exit("the second worker did not finish in 10 minutes")
            time.sleep(0.05)
    finally:
        stop_worker(worker)
    told = Notification.objects.filter(proposal=call)
    twice = told.values("recipient").annotate(n=Count("pk")).filter(n__gt=1).count()
    mails = OutgoingEmail.objects.filter(subject__contains=title)
    mailed_twice = mails.values("to").annotate(n=Count("pk")).filter(n__gt=1).count()
    expected = len(post_recipients_of(call))
    return (
        f"worker killed (SIGKILL) with {at_kill[0]:,} of {expected:,} told (finished: "
        f"{at_kill[1]}); a new worker finished: {told.count():,} notifications, "
        f"{mails.count():,} mails, {twice} members notified twice, {mailed_twice} mailed twice, "
        f"{expected - told.values('recipient').distinct().count()} missing"
    )


def post_recipients_of(call) -> list:
    from bulletin.matching import post_recipients

    return post_recipients(call)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5, help="posts per size (median time)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    server_url, name = use_benchmark_database()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from bulletin.models import FanOut, Notification, Proposal
        from members.models import Membership, Municipality, OutgoingEmail

        call_command("migrate", verbosity=0)
        call_command("loaddata", "municipalities", verbosity=0)
        places = list(Municipality.objects.order_by("code").values_list("pk", "kind"))
        towns = [pk for pk, kind in places if kind != "ward"]
        wards = [pk for pk, kind in places if kind == "ward"]
        print(f"register: {len(places):,} municipalities ({len(wards)} wards)")
        poster = add_members([wards[0]], 1, "poster")[0]
        client = Client()
        client.force_login(poster)
        url = reverse("bulletin:call-create")
        post(client, url, "warm-up")
        FanOut.objects.all().delete()

        steps = [
            ("11 recipients", lambda: add_members(towns[:11], 1, "s1")),
            ("1,001 recipients", lambda: add_members(towns[11:1001], 1, "s2")),
            (
                "every member (10 per municipality)",
                lambda: (
                    add_members(towns[:1001], 9, "s3a"),
                    add_members(towns[1001:], 10, "s3b"),
                    add_members(wards[:1], 9, "s3c"),
                    add_members(wards[1:], 10, "s3d"),
                ),
            ),
        ]
        rows = []
        for label, grow in steps:
            grow()
            members = Membership.objects.filter(status="approved").count()
            timings, counts, sql_times = [], set(), []
            for run in range(args.posts):
                ms, queries, sql = post(client, url, f"{label} 計測 {run}")
                timings.append(ms)
                counts.add(queries)
                sql_times.append(sql)
            FanOut.objects.pending().delete()  # the timing posts: their request only

            worker = start_worker()
            try:
                title = f"{label} 全国への募集"
                started = time.perf_counter()
                request_ms, _queries, _sql = post(client, url, title)
                call = Proposal.objects.get(title=title)
                job = FanOut.objects.get(proposal=call)
                while not FanOut.objects.filter(pk=job.pk, finished_at__isnull=False).exists():
                    if time.perf_counter() - started > 600:
                        sys.exit("the fan-out did not finish in 10 minutes")
                    time.sleep(0.05)
                until_last = time.perf_counter() - started
            finally:
                stop_worker(worker)
            notified = Notification.objects.filter(proposal=call).count()
            last = Notification.objects.filter(proposal=call).order_by("-created_at").first()
            mails = OutgoingEmail.objects.filter(subject__contains=title).count()
            OutgoingEmail.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
            rows.append(
                (
                    label,
                    members,
                    notified,
                    mails,
                    statistics.median(timings),
                    statistics.median(sql_times),
                    "/".join(str(c) for c in sorted(counts)),
                    request_ms,
                    until_last,
                    last.created_at - call.created_at if last else None,
                )
            )
            print(f"{label}: done ({notified:,} notified in {until_last:.1f} s)", flush=True)

        killed = kill_mid_way(client, url)

        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"\nmachine load (1, 5, 15 min): {load} — a shared 2-core machine: figures are noisy")
        print(
            f"targets: request < {TARGET_MS} ms with a constant query count; "
            f"every recipient notified (mail in the outbox) < {TARGET_SECONDS} s\n"
        )
        print(
            "| members | recipients told | mails in the outbox | request p50 ms "
            f"(over {args.posts}) | its SQL ms | queries | request ms with the worker running | "
            "post → last notification s | last notification − post (database clocks) s |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, members, notified, mails, p50, sql, queries, request_ms, until, db_span in rows:
            span = f"{db_span.total_seconds():.1f}" if db_span is not None else "–"
            print(
                f"| {members:,} ({label}) | {notified:,} | {mails:,} | {p50:.1f} | {sql:.1f} | "
                f"{queries} | "
                f"{request_ms:.1f} | {until:.1f} | {span} |"
            )
        print(f"\n{killed}")
    finally:
        if not args.keep:
            drop_database(server_url, name)


if __name__ == "__main__":
    main()
