"""Board benchmark: 100,000 proposals and 1,000,000 replies on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/board.py

DATABASE_URL names any database on the server; the script creates its own throwaway database
(portal_bench_<pid>) next to it, fills it with COPY, and drops it at the end (--keep keeps it).
For each page it prints the median and 95th-percentile server time (the request through Django's
test client: middleware, view, queries, template), the number of SQL queries, and how much of the
time was spent in the database.
Targets: board list under 30 ms, search under 50 ms (median); query counts independent of size.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = [  # (word, weight): 観光 is common, 黄金がに rare
    ("観光", 30), ("防災", 12), ("物産展", 10), ("マルシェ", 8), ("スポーツ", 8), ("子育て", 6),
    ("環境", 8), ("文化", 10), ("芸術", 4), ("職員交流", 6), ("体験ツアー", 6), ("協定", 3),
    ("特産品", 12), ("移住", 5), ("農業", 6), ("漁業", 4), ("森林", 4), ("雪", 3), ("温泉", 5),
    ("祭り", 6), ("教育", 5), ("福祉", 4), ("健康", 4), ("ふるさと納税", 3), ("関係人口", 5),
    ("SDGs", 3), ("DX", 3), ("脱炭素", 3), ("地酒", 3), ("そば", 3), ("茶", 3), ("花火", 2),
    ("マラソン", 2), ("キャンプ", 2), ("サイクリング", 2), ("伝統工芸", 2), ("アート", 2),
    ("黄金がに", 0.02), ("蟹", 0.05),
]  # fmt: skip
SENTENCES = [
    "{town}では{topic}を活かした取り組みを進めています。",
    "特別区の皆さまと{topic}の分野で連携したいと考えています。",
    "{season}に{topic}をテーマにしたイベントを計画しています。",
    "区内の商店街や公共施設での{topic}のPRを希望します。",
    "{topic}に関心のある区の担当者の方からのご連絡をお待ちしています。",
    "昨年度は{topic}の催しに約{number}人が来場しました。",
    "職員の派遣や受け入れについても相談できます。",
    "詳しくは https://example.jp/proposals/{number} をご覧ください。",
    "費用の分担については個別に調整させてください。",
    "{town}の自然と食の魅力を東京の皆さまに届けたいと考えています。",
]
REPLIES = [
    "{ward}です。興味がありますので、詳しくお話を伺えますか。",
    "区内のイベントで出展いただける枠があります。日程を教えてください。",
    "担当課に共有しました。来週ご連絡します。",
    "昨年度の実績資料をお送りいただけますか。",
    "{ward}でも同様の取り組みをしています。情報交換させてください。",
    "会場の候補をいくつか挙げてみます。",
]
SEASONS = ["春", "夏", "秋", "冬", "年度内", "来年度"]


def weighted_topics(rng, k):
    words, weights = zip(*TOPICS, strict=True)
    return rng.choices(words, weights=weights, k=k)


def proposal_text(rng, town, number):
    topics = weighted_topics(rng, 3)
    title = f"{topics[0]}と{topics[1]}の連携提案（{town}）"
    sentences = [
        rng.choice(SENTENCES).format(
            town=town, topic=rng.choice(topics), season=rng.choice(SEASONS), number=number
        )
        for _ in range(rng.randint(8, 14))
    ]
    return title, "".join(sentences), f"{topics[2]}の紹介と出展", "会場の提供と告知への協力"


def copy_rows(cursor, table, columns, rows):
    """COPY the rows in. psycopg2 refuses COPY under a wait callback, which the portal's
    client-side deadlines install (portal/postgresql/base.py): the load runs without it."""
    from psycopg2 import extensions

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row) + "\n")
    buffer.seek(0)
    callback = extensions.get_wait_callback()
    extensions.set_wait_callback(None)
    try:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    finally:
        extensions.set_wait_callback(callback)


def _copy_value(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def create_database(url: str) -> tuple[str, str]:
    import psycopg2

    parts = urlsplit(url)
    name = f"portal_bench_{os.getpid()}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    admin.close()
    return name, urlunsplit(parts._replace(path=f"/{name}"))


def use_benchmark_database(*, existing: str | None = None, in_place: bool = False):
    """Point this process's Django at the benchmark's database, before django.setup().

    DATABASE_URL names a PostgreSQL server's database: a new throwaway one is created next to
    it, or `existing` (kept by an earlier --keep run) is used, or with `in_place` DATABASE_URL's
    own. Debug settings with mail kept in memory, and no statement timeout: COPY of many rows and
    building the indexes take longer than the portal's 5 s. Returns (server URL, database name).
    """
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark creates its own).")
    if in_place:
        name, url = server_url.rsplit("/", 1)[-1], server_url
    elif existing:
        name, url = existing, urlunsplit(urlsplit(server_url)._replace(path=f"/{existing}"))
    else:
        name, url = create_database(server_url)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="benchmark-only",  # noqa: S106 - a throwaway key for this process
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DATABASE_CONN_MAX_AGE="600",
        DATABASE_STATEMENT_TIMEOUT_MS="0",
    )
    print(f"benchmark database: {name}")
    return server_url, name


def drop_database(url: str, name: str, *, force: bool = False) -> None:
    """Drop the benchmark's database (`force`: even with connections left open to it)."""
    import psycopg2
    from django.db import connections
    from psycopg2 import extensions

    connections.close_all()
    # Without the portal's client-side deadline (portal/postgresql/base.py): on a loaded
    # machine dropping a large database takes longer than it, and the database would be left.
    callback = extensions.get_wait_callback()
    extensions.set_wait_callback(None)
    try:
        admin = psycopg2.connect(url)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}" + (" WITH (FORCE)" if force else ""))
        admin.close()
    finally:
        extensions.set_wait_callback(callback)


def fill(proposals: int, replies: int, rng: random.Random) -> dict:
    """Members, proposals, wanted wards, hands and replies, with COPY. Returns what to measure."""
    from django.db import connection
    from django.utils import timezone

    from bulletin.models import Proposal
    from members.models import Membership, Municipality, User

    started = time.perf_counter()
    towns = list(Municipality.objects.exclude(kind="ward").values_list("pk", "name"))
    wards = list(Municipality.objects.filter(kind="ward").values_list("pk", "name", "code"))
    posting_towns = rng.sample(towns, 400)
    now = timezone.now()

    # One approved member per posting municipality and per ward (no password: force_login).
    unusable = "!"  # no password can match: the benchmark logs in with force_login
    users = [
        User(email=f"bench{i}@example.jp", password=unusable) for i in range(len(posting_towns))
    ]
    users += [User(email=f"ward{code}@example.jp", password=unusable) for _, _, code in wards]
    User.objects.bulk_create(users)
    memberships = [
        Membership(
            user=user,
            municipality_id=municipality_id,
            department="企画課",
            full_name="ベンチ 太郎",
            full_name_kana="べんち たろう",
            phone="03-0000-0000",
            agreed_to_terms_at=now,
            status="approved",
        )
        for user, municipality_id in zip(
            users, [pk for pk, _ in posting_towns] + [pk for pk, _, _ in wards], strict=True
        )
    ]
    Membership.objects.bulk_create(memberships)
    town_author = {pk: user.pk for (pk, _), user in zip(posting_towns, users, strict=False)}
    ward_author = {pk: users[len(posting_towns) + i].pk for i, (pk, _, _) in enumerate(wards)}

    with connection.cursor() as cursor:
        # The bigram index is built once after loading (much faster than row by row).
        cursor.execute("DROP INDEX IF EXISTS bulletin_proposal_bigrams")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        fields = ["industry", "tourism", "culture", "sports", "disaster", "environment"]
        kinds = ["market", "event", "staff_exchange", "tour", "agreement", "other"]
        statuses = ["open"] * 6 + ["coordinating"] * 2 + ["realized", "closed"]
        rows, wanted = [], []
        start = now - timezone.timedelta(days=3650)
        for index in range(proposals):
            municipality_id, town = posting_towns[index % len(posting_towns)]
            title, body, offer, seeking = proposal_text(rng, town, index)
            created = start + timezone.timedelta(seconds=index * 3150)
            any_ward = rng.random() < 0.7
            hidden = rng.random() < 0.01
            rows.append(
                (
                    municipality_id, town_author[municipality_id], title, body,
                    rng.choice(fields), rng.choice(kinds), offer, seeking, any_ward,
                    2015 + index * 11 // proposals, None, None, rng.choice(statuses),
                    hidden, "重複投稿のため" if hidden else "", created.isoformat(), None,
                    "proposal", "", "", False,
                )
            )  # fmt: skip
            if not any_ward:
                for ward_pk, _, _ in rng.sample(wards, rng.randint(1, 3)):
                    wanted.append((index, ward_pk))
        columns = [
            "municipality_id", "author_id", "title", "body", "field", "kind", "offer", "seeking",
            "any_ward", "fiscal_year", "period_start", "period_end", "status", "is_hidden",
            "hidden_reason", "created_at", "edited_at", "direction", "target_region", "target_kind",
            "welcomes_partners",
        ]  # fmt: skip
        copy_rows(cursor, "bulletin_proposal", columns, rows)
        cursor.execute("SELECT min(id) FROM bulletin_proposal")
        first_id = cursor.fetchone()[0]
        copy_rows(
            cursor,
            "bulletin_proposal_wards",
            ["proposal_id", "municipality_id"],
            [(first_id + index, ward) for index, ward in wanted],
        )
        # The proposal page measured: the newest proposal gets exactly 200 replies.
        big_id = first_id + proposals - 1
        ward_list = [(pk, name) for pk, name, _ in wards]
        hands = []
        for proposal_id in rng.sample(range(first_id, big_id), proposals // 5):
            for ward_pk, _ in rng.sample(ward_list, rng.randint(1, 2)):
                hands.append((proposal_id, ward_pk, ward_author[ward_pk], now.isoformat()))
        copy_rows(
            cursor,
            "bulletin_handraise",
            ["proposal_id", "ward_id", "raised_by_id", "raised_at"],
            hands,
        )
        reply_columns = ["proposal_id", "municipality_id", "author_id", "body", "created_at", "is_hidden", "hidden_reason"]  # fmt: skip
        batch = []
        for index in range(replies):
            proposal_id = big_id if index < 200 else rng.randrange(first_id, big_id)
            ward_pk, ward_name = rng.choice(ward_list)
            body = rng.choice(REPLIES).format(ward=ward_name)
            created = start + timezone.timedelta(
                seconds=(proposal_id - first_id) * 3150 + index % 9000
            )
            batch.append(
                (proposal_id, ward_pk, ward_author[ward_pk], body, created.isoformat(), False, "")
            )
            if len(batch) == 100_000:
                copy_rows(cursor, "bulletin_reply", reply_columns, batch)
                batch = []
        if batch:
            copy_rows(cursor, "bulletin_reply", reply_columns, batch)
        # COPY went around the reply and hand services: record each post's first answer as
        # they would have (the desk's unanswered queues read it).
        Proposal.objects.refresh_first_answers()
        loaded = time.perf_counter()
        from importlib import import_module

        for name in ("0002_postgresql_search_and_listing", "0008_postgresql_one_character_search"):
            cursor.execute(import_module(f"bulletin.migrations.{name}").CREATE_INDEX)
        indexed = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {proposals:,} proposals, {len(wanted):,} wanted wards, {len(hands):,} hands, "
        f"{replies:,} replies in {loaded - started:.0f} s; bigram and unigram indexes built in "
        f"{indexed - loaded:.0f} s; VACUUM ANALYZE {time.perf_counter() - indexed:.0f} s"
    )
    viewer = User.objects.get(email=f"ward{wards[0][2]}@example.jp")
    return {"viewer": viewer, "big_id": big_id, "ward_code": wards[0][2]}


def existing_context() -> dict:
    from django.db.models import Count

    from bulletin.models import Proposal
    from members.models import Municipality, User

    ward = Municipality.objects.filter(kind="ward").order_by("code").first()
    big = Proposal.objects.annotate(n=Count("replies")).filter(n=200).order_by("-pk").first()
    return {
        "viewer": User.objects.get(email=f"ward{ward.code}@example.jp"),
        "big_id": big.pk,
        "ward_code": ward.code,
    }


class EveryRunMisses:
    """A test client whose every request has a new query string (`name`=run number, an ignored
    parameter): never a public-cache hit, so the figures are the page's own work."""

    def __init__(self, client, name: str = "run"):
        self.client, self.name, self.runs = client, name, 0

    def get(self, url):
        self.runs += 1
        separator = "&" if "?" in url else "?"
        return self.client.get(f"{url}{separator}{self.name}={self.runs}")


def measure(client, label: str, url: str, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm up
        assert client.get(url).status_code == 200, url
    timings, sql_times, counts = [], [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        counts.add(len(queries.captured_queries))
        sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    count = "/".join(str(c) for c in sorted(counts))
    print(
        f"| {label} | {statistics.median(timings):.1f} | {p95:.1f} | {count} "
        f"| {statistics.median(sql_times):.1f} |"
    )


def explain(label: str, queryset) -> None:
    """Print the indexes PostgreSQL reads for a query."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        nodes = [row[0].strip().removeprefix("->  ") for row in cursor.fetchall()]
    scans = [node.split("  (")[0] for node in nodes if " Scan " in f" {node}"]
    print(f"plan of {label}: " + "; ".join(scans))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--existing", metavar="NAME", help="measure a database kept by an earlier --keep run"
    )
    args = parser.parse_args()

    server_url, name = use_benchmark_database(existing=args.existing)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from bulletin.models import Proposal

        if args.existing:
            context = existing_context()
        else:
            call_command("migrate", verbosity=0)
            call_command("loaddata", "municipalities", verbosity=0)
            context = fill(args.proposals, args.replies, random.Random(2014))

        client = Client()
        client.force_login(context["viewer"])
        board = reverse("bulletin:proposal-list")
        detail = reverse("bulletin:proposal-detail", args=[context["big_id"]])
        print(f"\n{Proposal.objects.count():,} proposals; {args.runs} runs each\n")
        print("| page | median ms | p95 ms | SQL queries | of which SQL, median ms |")
        print("| --- | ---: | ---: | ---: | ---: |")
        pages = [
            ("board list", board),
            ("board list, page 50 (the last)", f"{board}?page=50"),
            ("board list, status + field", f"{board}?status=open&field=tourism"),
            ("board list, prefecture", f"{board}?prefecture=01"),
            ("board list, ward", f"{board}?ward={context['ward_code']}"),
            ("board list, fiscal year", f"{board}?fiscal_year=2020"),
            ("board list, all six filters", f"{board}?status=open&field=tourism&kind=event&prefecture=01&ward={context['ward_code']}&fiscal_year=2020"),
            ("proposal page, 200 replies (first 50)", detail),
            ("proposal page, 200 replies (last 50)", f"{detail}?page=4"),
            ("search 観光 (common, 2 chars)", f"{board}?q=観光"),
            ("search 防災 (2 chars)", f"{board}?q=防災"),
            ("search 温泉 祭り (two words)", f"{board}?q=温泉+祭り"),
            ("search 黄金がに (rare, 4 chars)", f"{board}?q=黄金がに"),
            ("search 観光 + status filter", f"{board}?q=観光&status=open"),
            ("search 雪 (1 char)", f"{board}?q=雪"),
            ("search 蟹 (rare, 1 char)", f"{board}?q=蟹"),
        ]  # fmt: skip
        for label, url in pages:
            measure(client, label, url, args.runs)
        # Baseline in the same run: the search as it was before the unigram index (a
        # one-character word filtered by icontains alone, newest first).
        import bulletin.models.proposals as proposal_models

        with_index = proposal_models.unigram_query
        proposal_models.unigram_query = lambda words: ""
        try:
            for label, url in [
                ("baseline: search 雪 without the unigram index", f"{board}?q=雪"),
                ("baseline: search 蟹 without the unigram index", f"{board}?q=蟹"),
            ]:
                measure(client, label, url, args.runs)
        finally:
            proposal_models.unigram_query = with_index
        print()
        viewer = context["viewer"]
        listing = Proposal.objects.visible_to(viewer).for_listing()
        explain("the board list's page", listing.page_of(0, 20))
        explain("a rare word's page", listing.search("黄金がに").page_of(0, 20))
        explain("a rare character's page", listing.search("蟹").page_of(0, 20))
        explain(
            "a common word's page (more matches than the count cap)",
            listing.search("観光", through_index=False).page_of(0, 20),
        )
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"{os.cpu_count()} CPUs; load average during the run (1, 5, 15 min): {load}")
    finally:
        if args.keep or args.existing:
            print(f"kept {name}")
        else:
            drop_database(server_url, name)


if __name__ == "__main__":
    main()
