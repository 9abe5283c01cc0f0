"""Several instances: two gunicorn instances, one PostgreSQL, one Redis, two mail workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_mail \\
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python benchmarks/several_instances.py

Everything runs on the loopback: the two web instances (--ports), a fake SMTP server that records
every message (--smtp-port; tests/smtp.py) and two `send_notifications --loop` workers. The
database is migrated and seeded (idempotent); the benchmark's members are created once and
reused; counts are of what this run created. The Redis DB is flushed first (rate-limit counters).

1. The mail server hangs (accepts, never answers): sign-ups through the web instances are timed;
   then the server answers, the workers start, and the verification mails are waited for.
2. A bounded concurrent load (--clients threads, --requests in all, --time-limit seconds) of new
   proposals and replies, spread over both instances; each reply mails the proposer's
   municipality and the earlier participants. Then the outbox is drained.

It prints requests, errors, rows saved, mails written and received, and fails unless every
successful post saved exactly one row and every mail of the run arrived exactly once (by its
Message-ID): zero lost, zero duplicated.
"""

import argparse
import collections
import datetime
import http.client
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "several-instances-2024"  # noqa: S105 (the benchmark's own members)
PYTHON = sys.executable
LOG = Path(tempfile.gettempdir()) / "portal-several-instances.log"  # the servers' output


class Client:
    """One browser: cookies by hand (the production cookies are Secure; this is plain HTTP)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content

    def log_in(self, email):
        self.request("GET", "/accounts/login/")
        status, location, _ = self.request(
            "POST", "/accounts/login/", {"login": email, "password": PASSWORD}
        )
        assert status == 302 and "login" not in location, (email, status, location)


def environment(args, smtp_port):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp_port),
        "DJANGO_EMAIL_USE_TLS": "0",
        "DJANGO_EMAIL_TIMEOUT": "5",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return env


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def start(env, command, log):
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def members(prefix):
    """Three municipalities with two members each, five wards with one member each."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from members.models import Membership, MembershipStatus, Municipality, MunicipalityKind, User

    towns = list(
        Municipality.objects.exclude(kind=MunicipalityKind.SPECIAL_WARD).order_by("code")[:3]
    )
    wards = list(Municipality.objects.special_wards().order_by("code")[:5])
    people = [
        (town, f"{prefix}-town{t}-{n}@example.jp") for t, town in enumerate(towns) for n in (1, 2)
    ]
    people += [(ward, f"{prefix}-ward{w}@example.jp") for w, ward in enumerate(wards)]
    for municipality, email in people:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            Membership.objects.create(
                user=user,
                municipality=municipality,
                department="企画課",
                position="主事",
                full_name="負荷 試験",
                full_name_kana="ふか しけん",
                phone="03-0000-0000",
                agreed_to_terms_at=timezone.now(),
                status=MembershipStatus.APPROVED,
                decided_at=timezone.now(),
            )
    return [email for _, email in people if "-town" in email], [
        e for _, e in people if "-ward" in e
    ]


def proposal_form(run, number):
    today = datetime.date.today()
    return {
        "title": f"黄金がにのPRイベント {run}-{number}",
        "field": "tourism",
        "kind": "event",
        "body": f"負荷試験の提案です（{run}-{number}）。区内の会場でPRしたいと考えています。",
        "offer": "特産品の展示と試食",
        "seeking": "会場と告知への協力",
        "any_ward": "True",
        "fiscal_year": today.year if today.month >= 4 else today.year - 1,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ports", default="8131,8132", help="the two web instances' ports")
    parser.add_argument("--smtp-port", type=int, default=8133)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=400, help="posts in all (the bound)")
    parser.add_argument("--time-limit", type=float, default=120, help="seconds for the load")
    parser.add_argument("--signups", type=int, default=4)
    args = parser.parse_args()
    ports = [int(port) for port in args.ports.split(",")]
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (and REDIS_URL).")

    from tests.smtp import FakeSMTPServer

    smtp = FakeSMTPServer(port=args.smtp_port, hanging=True).__enter__()
    env = environment(args, args.smtp_port)
    os.environ.update({k: env[k] for k in env if k.startswith("DJANGO_")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    print("migrate, seed, collectstatic …", flush=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")

    import django

    django.setup()
    from django.core.cache import cache
    from django.utils import timezone

    from bulletin.models import Proposal, Reply
    from members import outbox
    from members.models import OutgoingEmail

    cache.clear()  # this Redis DB only: allauth's rate-limit counters of earlier runs
    towns, wards = members("several")
    run_started = timezone.now()
    run = secrets.token_hex(3)
    processes, log = [], open(LOG, "w")  # noqa: SIM115
    try:
        for port in ports:
            processes.append(
                start(env, [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
                            "--workers", "2", "--timeout", "30"], log)
            )  # fmt: skip
        for port in ports:
            wait_until(lambda port=port: _up(port), 60, f"gunicorn on {port}")

        # 1. The mail server hangs: sign-ups answer at once, the mail waits in the outbox.
        for port in ports:  # warm each instance up: the form, its templates, the register
            warm = Client(port)
            warm.request("GET", "/accounts/signup/")
            warm.request("POST", "/accounts/signup/", {"email": "not-an-address"})
        signup_times = []
        for number in range(args.signups):
            client = Client(ports[number % len(ports)])
            client.request("GET", "/accounts/signup/")
            started = time.monotonic()
            status, location, _ = client.request("POST", "/accounts/signup/", {
                "email": f"signup-{run}-{number}@example.jp", "municipality": "福井県坂井市",
                "department": "企画課", "position": "主事", "full_name": "坂井 花子",
                "full_name_kana": "さかい はなこ", "phone": "0776-00-0000",
                "password1": PASSWORD, "password2": PASSWORD, "agree_to_terms": "on",
            })  # fmt: skip
            signup_times.append(time.monotonic() - started)
            assert status == 302 and "confirm-email" in location, (status, location)
        assert smtp.connections == 0, "a request talked to the mail server"
        smtp.answer()
        answered = time.monotonic()
        for _worker in range(2):
            processes.append(
                start(env, [PYTHON, "manage.py", "send_notifications", "--loop", "--interval", "0.5"], log)
            )  # fmt: skip
        signup_addresses = {f"signup-{run}-{n}@example.jp" for n in range(args.signups)}
        arrived = wait_until(
            lambda: signup_addresses <= {str(m["To"]) for m in list(smtp.messages)}, 60,
            "the verification mails",
        )  # fmt: skip
        print(
            f"hung mail server: {args.signups} sign-ups in "
            f"{', '.join(f'{t * 1000:.0f}' for t in signup_times)} ms (max {max(signup_times) * 1000:.0f} ms), "
            f"no connection to the mail server from the web; verification mails sent "
            f"{arrived - answered:.1f} s after the server answered"
        )

        # 2. The load: proposals and replies, both instances, several clients at once.
        load = _load(args, ports, towns, wards, run)
        wait_until(
            lambda: not OutgoingEmail.objects.unsent().filter(created_at__gte=run_started).exists(),
            180, "the outbox to drain",
        )  # fmt: skip
        drained = time.monotonic()
    finally:
        stop(processes)
        smtp.__exit__(None, None, None)
        log.close()

    run_mail = {
        outbox.message_id(email): email.to
        for email in OutgoingEmail.objects.filter(created_at__gte=run_started)
    }
    received = collections.Counter(str(m["Message-ID"]) for m in smtp.messages)
    lost = set(run_mail) - set(received)
    duplicated = {mid: n for mid, n in received.items() if n > 1}
    proposals = Proposal.objects.filter(created_at__gte=run_started, title__contains=run).count()
    replies = Reply.objects.filter(created_at__gte=run_started, body__contains=run).count()
    ok = load["ok"]
    latencies = sorted(load["latencies"])
    print(
        f"load: {load['requests']} posts ({load['kinds']['proposal']} proposals, "
        f"{load['kinds']['reply']} replies) by {args.clients} clients over ports {args.ports} in "
        f"{load['seconds']:.1f} s; median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"errors: {load['requests'] - ok['proposal'] - ok['reply']} {dict(load['errors'])}")
    print(
        f"rows saved: {proposals} proposals (of {ok['proposal']} accepted), "
        f"{replies} replies (of {ok['reply']} accepted)"
    )
    print(
        f"mails: {len(run_mail)} written to the outbox in this run, "
        f"{sum(received[m] for m in run_mail)} received for them; lost {len(lost)}, "
        f"duplicated {len(duplicated)}; {len(received) - len(set(run_mail) & set(received))} "
        f"earlier mails also sent; outbox drained {drained - load['ended']:.1f} s after the load"
    )
    assert proposals == ok["proposal"] and replies == ok["reply"], "rows lost or doubled"
    assert not lost, f"lost: {sorted(lost)[:5]}"
    assert not duplicated, f"duplicated: {list(duplicated.items())[:5]}"
    assert load["requests"] == ok["proposal"] + ok["reply"], "some requests failed"
    print("OK: zero lost, zero duplicated")


def _up(port):
    try:
        return Client(port).request("GET", "/")[0] == 200
    except OSError:
        return False


def _load(args, ports, towns, wards, run):
    """Each client logs in as one member on one instance, then posts until the bound is reached:
    members of the three towns propose now and then, everyone replies to random proposals."""
    people = towns + wards
    lock = threading.Lock()
    proposals, latencies = [], []
    kinds, ok, errors = collections.Counter(), collections.Counter(), collections.Counter()
    budget = [args.requests]
    deadline = time.monotonic() + args.time_limit
    clients = []
    for number in range(args.clients):
        client = Client(ports[number % len(ports)])
        client.email = people[number % len(people)]
        client.log_in(client.email)
        clients.append(client)

    def post(client, kind, path, data):
        started = time.monotonic()
        try:
            status, location, _ = client.request("POST", path, data)
        except OSError as exc:
            status, location = type(exc).__name__, ""
        elapsed = time.monotonic() - started
        with lock:
            latencies.append(elapsed)
            kinds[kind] += 1
            if status == 302 and not location.startswith("/accounts/"):
                ok[kind] += 1
                return location
            errors[f"{kind} {status}"] += 1
        return None

    def take() -> bool:
        with lock:
            if budget[0] <= 0 or time.monotonic() > deadline:
                return False
            budget[0] -= 1
            return True

    def work(client, seed):
        rng = random.Random(seed)
        number = 0
        while take():
            with lock:
                targets = list(proposals)
            if "-town" in client.email and (not targets or rng.random() < 0.15):
                number += 1
                location = post(
                    client, "proposal", "/board/new/", proposal_form(run, f"{seed}-{number}")
                )
                if location and (match := re.match(r"^/board/(\d+)/$", location)):
                    with lock:
                        proposals.append(int(match.group(1)))
            elif targets:
                target = rng.choice(targets)
                post(
                    client,
                    "reply",
                    f"/board/{target}/reply/",
                    {"body": f"返信です（{run}）。日程を教えてください。"},
                )
            else:
                with lock:
                    budget[0] += 1  # nothing to reply to yet: give the request back
                time.sleep(0.05)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ended = time.monotonic()
    return {
        "requests": sum(kinds.values()), "kinds": kinds, "ok": ok, "errors": errors,
        "latencies": latencies, "seconds": ended - started, "ended": ended,
    }  # fmt: skip


if __name__ == "__main__":
    main()
