"""Table-driven fuzzing: every form and every list page's parameters get hostile values.

Each submission changes one parameter of a valid request to a hostile value (NUL, a lone
surrogate, bytes that are no UTF-8, 100 kB strings, numbers past 64 bits, HTML and script, line
breaks, formulas...). No response may be a 500, and a submission that is refused (anything but a
redirect after success) must leave every table of the portal as it was: nothing half-saved.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from bulletin.models import Collaboration, ProposalStatus, Room
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.interests import saved_search_create
from bulletin.services.proposals import proposal_submit
from bulletin.services.replies import hand_raise, reply_post
from disaster.services.disasters import disaster_declare
from disaster.services.requests import commitment_make, request_post
from members.models import MunicipalityKind
from tests.bulletin.test_attachments import image_bytes, minimal_pdf
from tests.factories import (
    make_body,
    make_event,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_timeline_entry,
    make_ward,
    pass_second_factor,
)

HOSTILE: list[bytes] = [
    b"\x00",
    "提案\x00".encode(),
    b"\xed\xa0\x80",  # a lone surrogate (U+D800) as a browser might send it
    b"\xff\xfe\xfd",  # no UTF-8 at all
    b"a" * 100_000,
    "あ".encode() * 34_000,  # 100 kB of Japanese
    b"99999999999999999999",
    b"-99999999999999999999",
    b"9223372036854775808",
    b"9_999_999_999_999_999_999_999",  # int() reads underscores
    b"-1",
    b"0",
    b"1" * 5000,  # more digits than int() reads by default
    b"1e308",
    b"NaN",
    b"<script>alert(1)</script>",
    b'"><img src=x onerror=alert(1)>',
    b"a\r\nBcc: everyone@example.jp",
    b'=HYPERLINK("https://evil.example/","x")',
    "\u202e\ufeff🀄\u3000".encode(),
    b"   ",
    b"9999-12-31",
    b"0000-00-00",
    b"../../../etc/passwd",
    b"%00",
    b"' OR 1=1 --",
]


@dataclass
class Target:
    name: str
    path: str
    user: object = None
    method: str = "get"
    base: dict = field(default_factory=dict)  # a valid request, parameters as str
    fuzz: list = field(default_factory=list)  # the parameters to make hostile
    per_param: int = 3  # hostile values each parameter gets
    at_least: int = len(HOSTILE)  # submissions to the target (then it meets every value)

    def submissions(self):
        """(parameter, value) pairs: each parameter gets `per_param` different values, and the
        values shift at each round so that together the parameters meet every value."""
        count = max(self.at_least, self.per_param * len(self.fuzz))
        for index in range(count):
            value = HOSTILE[(index + index // len(HOSTILE)) % len(HOSTILE)]
            yield self.fuzz[index % len(self.fuzz)], value


def encode(params: dict) -> str:
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            raw = item if isinstance(item, bytes) else str(item).encode()
            pairs.append(f"{quote_from_bytes(key.encode())}={quote_from_bytes(raw, safe='')}")
    return "&".join(pairs)


def row_counts() -> tuple:
    tables = [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.label
        in {
            "members",
            "bulletin",
            "events",
            "agreements",
            "partners",
            "portal",
            "account",
            "network",
            "directory",
            "disaster",
            "roundtable",
            "surveys",
        }
        for model in config.get_models()
    ]
    quoted = [connection.ops.quote_name(table) for table in tables]
    counts = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in quoted)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


@pytest.fixture
def shared(shared_world, request) -> dict:
    """The world, built once for the module's cases (tests/shared_world.py); each case gets its
    own copy and its own transaction (`db`, in `world`, after this)."""
    (world,) = shared_world.use(request, build_world)
    return world


@pytest.fixture
def world(shared, db, settings) -> dict:
    settings.ACCOUNT_RATE_LIMITS = False  # thousands of sign-ups and logins from one address
    return shared


def build_world() -> dict:
    fukui = make_prefecture("18", "福井県")
    sakai = make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    make_municipality("白糠町", prefecture=make_prefecture("01", "北海道"), code="016683")
    ward = make_ward()
    proposer, ward_member = make_member(sakai), make_member(ward, email="ward@example.jp")
    secretariat = make_secretariat()
    make_event(slug="lecture")
    make_timeline_entry()
    make_body(fukui, slug="fukui")
    proposals = {
        name: proposal_submit(
            author=proposer,
            data={
                "title": f"黄金がにのPR（{name}）",
                "field": "tourism",
                "kind": "event",
                "body": "本文",
                "offer": "",
                "seeking": "",
                "any_ward": True,
                "fiscal_year": 2025,
            },
            wards=[],
        )
        for name in ["edit", "reply", "status", "report", "moderate", "hand", "list"]
    }
    reply = reply_post(proposal=proposals["list"], author=ward_member, body="返信")
    hand_raise(proposal=proposals["list"], user=ward_member)  # 成立 names only hands
    proposal_change_status(
        proposal=proposals["list"], user=proposer, to_status=ProposalStatus.COORDINATING
    )
    proposal_change_status(
        proposal=proposals["list"],
        user=proposer,
        to_status=ProposalStatus.REALIZED,
        collaboration={"wards": [ward], "summary": "概要", "fiscal_year": 2025},
    )
    from network.models import TieProposal
    from network.services import tie_create

    tie_data = {
        "kind": "friendship",
        "municipalities": [sakai],
        "area_name": "",
        "since": None,
        "since_precision": "day",
        "source": "",
        "note": "",
        "department": "",
    }
    ties = {
        name: tie_create(user=ward_member, ward=ward, data=tie_data) for name in ["edit", "retire"]
    }
    tie_proposal = TieProposal.objects.create(
        ward=ward, municipality=sakai, proposed_by=proposer, kind="exchange"
    )
    saved_search = saved_search_create(user=proposer, name="観光", query="field=tourism")
    from directory import services as directory_services

    offer = directory_services.offer_create(
        user=ward_member,
        data={
            "kind": "resort",
            "title": "保養所",
            "description": "箱根",
            "contact_department": "地域活動課",
        },
    )
    soon = datetime.date.today() + datetime.timedelta(days=20)
    directory_services.availability_add(
        offer=offer, user=ward_member, start_date=soon, end_date=soon + datetime.timedelta(days=30)
    )
    offer_request = directory_services.request_create(
        offer=offer,
        user=proposer,
        start_date=soon,
        end_date=soon + datetime.timedelta(days=3),
        body="3泊",
    )
    directory_services.request_decide(request=offer_request, user=ward_member, accept=True)
    disaster = disaster_declare(
        actor=secretariat,
        data={
            "name": "令和9年福井地震",
            "kind": "earthquake",
            "occurred_on": datetime.date(2027, 1, 1),
        },
        prefectures=[],
        municipalities=[sakai],
    )
    support_request = request_post(
        author=proposer,
        disaster=disaster,
        data={**REQUEST_FORM, "quantity": 5, "start_on": None, "end_on": None, "deadline": None},
    )
    commitment = commitment_make(
        user=ward_member, request=support_request, data={"quantity": 1, "contact": "防災課"}
    )
    roundtable = roundtable_world(proposer, ward_member)
    from tests.surveys.conftest import make_survey

    survey = make_survey()  # every member municipality: 坂井市 answers
    return {
        "offer": offer,
        "offer_request": offer_request,
        "disaster": disaster,
        "support_request": support_request,
        "commitment": commitment,
        "roundtable": roundtable,
        "survey": survey,
        "saved_search": saved_search,
        "ties": ties,
        "tie_proposal": tie_proposal,
        "sakai": sakai,
        "ward": ward,
        "proposer": proposer,
        "ward_member": ward_member,
        "secretariat": secretariat,
        "proposals": proposals,
        "reply": reply,
        "collaboration": Collaboration.objects.get(),
        "room": Room.objects.get(proposal=proposals["list"]),  # 成立: the room stays open
    }


def roundtable_world(member, ward_member) -> dict:
    import datetime

    from django.utils import timezone

    from roundtable.models import Topic
    from roundtable.services import meeting_add, post_reply, thread_start

    topic = Topic.objects.create(title="発展期の推進体制", description="説明")
    thread = thread_start(topic=topic, author=member, title="論点", body="本文")
    post = post_reply(thread=thread, author=ward_member, body="返信")
    event = make_event(
        slug="roundtable-1",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        status="scheduled",
        registration_open=True,
        capacity=1,
        waiting_list=False,
    )
    return {
        "topic": topic,
        "thread": thread,
        "post": post,
        "meeting": meeting_add(topic=topic, event=event),
    }


PROPOSAL_FORM = {
    "title": "件名",
    "field": "tourism",
    "kind": "event",
    "body": "本文",
    "offer": "提供",
    "seeking": "求め",
    "any_ward": "False",
    "wards": "",
    "fiscal_year": "2025",
    "period_start": "2025-05-01",
    "period_end": "2025-05-31",
}


INDICATOR_FORM = {
    "name": "来場者数",
    "unit": "人",
    "direction": "increase",
    "baseline": "400",
    "baseline_on": "2025-04-01",
    "target": "1000",
    "target_on": "2026-03-31",
    "actual": "1200",
    "actual_on": "2025-05-02",
}


TIE_FORM = {
    "kind": "exchange",
    "partner_0": "福井県坂井市",
    "partner_1": "",
    "partner_2": "",
    "area_name": "",
    "since": "2015-04-01",
    "since_precision": "day",
    "source": "出典",
    "note": "備考",
    "department": "地域活動課",
}


REQUEST_FORM = {
    "kind": "staff",
    "profession": "nurse",
    "item": "避難所の健康相談",
    "quantity": "5",
    "unit": "名",
    "start_on": "2027-01-10",
    "end_on": "2027-01-20",
    "deadline": "",
    "place": "坂井市役所",
    "conditions": "",
}


def disaster_targets(w) -> list[Target]:
    """Every form and page of disaster mode (the 対策本部 of 坂井市's disaster)."""
    slug = w["disaster"].slug
    base = f"/disaster/{slug}"
    request_url = w["support_request"].get_absolute_url()
    declare = {
        "name": "令和9年大雪",
        "kind": "heavy_snow",
        "occurred_on": "2027-02-01",
        "prefectures": "",
        "municipalities": "福井県坂井市",
        "note": "",
    }
    commit = {
        "quantity": "1",
        "start_on": "2027-01-10",
        "end_on": "2027-01-12",
        "contact": "防災課",
    }
    report = {
        "kind": "staff",
        "profession": "nurse",
        "people": "3",
        "start_on": "2027-01-10",
        "end_on": "2027-01-20",
        "item": "",
        "quantity": "",
        "unit": "",
        "amount_yen": "",
        "note": "",
    }
    fund = {
        "amount_yen": "10000000",
        "decided_on": "2027-01-25",
        "recipients": "福井県坂井市",
        "recipients_note": "",
    }
    pairing = {"ward": str(w["ward"].pk), "municipality": str(w["sakai"].pk)}
    return [
        Target("GET /disaster/", "/disaster/", w["proposer"], "get", {}, ["page"]),
        Target("GET 対策本部", f"{base}/", w["ward_member"], "get", {}, ["page"]),
        Target("GET /disaster/<path>/", "/disaster/{}/", w["ward_member"], "get", fuzz=["<path>"]),
        Target(
            "POST /disaster/declare/", "/disaster/declare/", w["secretariat"], "post", declare,
            list(declare),
        ),
        Target(
            "POST request", f"{base}/requests/new/", w["proposer"], "post", REQUEST_FORM,
            list(REQUEST_FORM),
        ),
        Target("POST commit", request_url, w["ward_member"], "post", commit, list(commit)),
        Target(
            "POST decide", f"{base}/commitments/{w['commitment'].pk}/decide/", w["proposer"], "post",
            {"decision": "decline"}, ["decision"],
        ),
        Target(
            "POST decide <path>", f"{base}/commitments/{{}}/decide/", w["proposer"], "post",
            fuzz=["<path>"],
        ),
        Target("POST report", f"{base}/reports/new/", w["ward_member"], "post", report, list(report)),
        Target("POST fund", f"{base}/funds/new/", w["secretariat"], "post", fund, list(fund)),
        Target("POST pairing", f"{base}/pairings/", w["secretariat"], "post", pairing, list(pairing)),
    ]  # fmt: skip


def public_targets(w) -> list[Target]:
    lists = {
        "/municipalities/": ["q", "prefecture", "kind", "member", "page"],
        "/municipalities/search/": ["q"],
        "/events/": [
            "q",
            "kind",
            "fiscal_year",
            "status",
            "online",
            "venue",
            "body",
            "ward",
            "municipality",
            "page",
        ],
        "/events/calendar.ics": [
            "q",
            "kind",
            "fiscal_year",
            "status",
            "online",
            "venue",
            "body",
            "ward",
            "municipality",
        ],
        "/timeline/": ["year", "organ", "kind", "page"],
        "/partners/organisations/": ["page"],
        "/collaborations/": ["ward", "prefecture", "field", "fiscal_year", "state", "page"],
        "/collaborations/download.csv": ["ward", "prefecture", "field", "fiscal_year", "state"],
        "/collaborations/download.xlsx": ["ward", "prefecture", "field", "fiscal_year", "state"],
        "/collaborations/results/": ["page"],
        "/agreements/": ["page"],
        "/agreements/fukui/pr/": ["page"],
        "/newsletters/": ["page"],
        "/disaster-support/": ["page"],
        "/policy/": ["page"],
        "/partners/": ["page"],
        "/search/": ["q", "kind", "page"],
        "/library/": ["kind", "page"],
    }
    targets = [Target(f"GET {path}", path, fuzz=params) for path, params in lists.items()]
    for pattern in [
        "/municipalities/{}/",
        "/events/{}/",
        "/agreements/{}/",
        "/collaborations/{}/",
        "/library/{}/text/",
        "/disaster-support/{}/",
    ]:
        targets.append(Target(f"GET {pattern}", pattern, fuzz=["<path>"]))
    return targets


def board_targets(w) -> list[Target]:
    p, proposer, secretariat = w["proposals"], w["proposer"], w["secretariat"]
    ward_pk = str(w["ward"].pk)
    return [
        Target(
            "GET /board/",
            "/board/",
            proposer,
            fuzz=["q", "field", "kind", "status", "prefecture", "ward", "fiscal_year", "page"],
        ),
        Target("GET /board/<pk>/", f"/board/{p['list'].pk}/", proposer, fuzz=["page"]),
        Target("GET /board/reports/", "/board/reports/", secretariat, fuzz=["page"]),
        Target("GET /board/notifications/", "/board/notifications/", proposer, fuzz=["page"]),
        Target("GET /board/following/", "/board/following/", proposer, fuzz=["page"]),
        Target("GET /board/hands/", "/board/hands/", w["ward_member"], fuzz=["page"]),
        Target(
            "POST /board/new/",
            "/board/new/",
            proposer,
            "post",
            dict(PROPOSAL_FORM, wards=ward_pk),
            fuzz=list(PROPOSAL_FORM),
        ),
        Target(
            "POST /board/<pk>/edit/",
            f"/board/{p['edit'].pk}/edit/",
            proposer,
            "post",
            dict(PROPOSAL_FORM, wards=ward_pk),
            fuzz=[*PROPOSAL_FORM, "remove_attachments"],
        ),
        Target(
            "POST /board/<pk>/reply/",
            f"/board/{p['reply'].pk}/reply/",
            w["ward_member"],
            "post",
            {"body": "返信します"},
            fuzz=["body"],
        ),
        Target(
            "POST /board/<pk>/status/",
            f"/board/{p['status'].pk}/status/",
            proposer,
            "post",
            # Valid only while open (募集中 → 調整中), so the proposal does not leave the flow.
            {"status": "coordinating", "note": "", "wards": ward_pk, "summary": "概要"},
            fuzz=["status", "note", "wards", "summary", "fiscal_year", "started_on"],
        ),
        Target(
            "POST /board/collaborations/<pk>/state/",
            f"/board/collaborations/{w['collaboration'].pk}/state/",
            proposer,
            "post",
            {"state": "completed", "started_on": "2025-05-01", "ended_on": "2026-03-31"},
            fuzz=["state", "started_on", "ended_on"],
        ),
        Target(
            "POST /board/collaborations/<pk>/progress/new/",
            f"/board/collaborations/{w['collaboration'].pk}/progress/new/",
            proposer,
            "post",
            {"date": "2025-05-01", "text": "物産展を開きました", "photo_alt": "", "event": ""},
            fuzz=["date", "text", "photo_alt", "event"],
        ),
        Target(
            "POST /board/collaborations/<pk>/indicators/new/",
            f"/board/collaborations/{w['collaboration'].pk}/indicators/new/",
            proposer,
            "post",
            INDICATOR_FORM,
            fuzz=list(INDICATOR_FORM),
        ),
        Target(
            "POST /board/collaborations/<pk>/indicators/<path>/",
            f"/board/collaborations/{w['collaboration'].pk}/indicators/{{}}/",
            proposer,
            "post",
            fuzz=["<path>"],
        ),
        Target(
            "POST /board/<pk>/report/",
            f"/board/{p['report'].pk}/report/",
            w["ward_member"],
            "post",
            {"reason": "不適切です"},
            fuzz=["reason"],
        ),
        Target(
            "POST /board/replies/<pk>/report/",
            f"/board/replies/{w['reply'].pk}/report/",
            proposer,
            "post",
            {"reason": "不適切です"},
            fuzz=["reason"],
        ),
        Target(
            "POST /board/<pk>/moderate/",
            f"/board/{p['moderate'].pk}/moderate/",
            secretariat,
            "post",
            {"action": "dismiss", "reason": "問題なし"},
            fuzz=["action", "reason"],
        ),
        Target(
            "POST /board/<pk>/hand/",
            f"/board/{p['hand'].pk}/hand/",
            w["ward_member"],
            "post",
            {"action": "raise"},
            fuzz=["action"],
        ),
        Target(
            "POST /board/notifications/settings/",
            "/board/notifications/settings/",
            proposer,
            "post",
            {"delivery": "digest"},
            fuzz=["delivery"],
        ),
        Target(
            "POST /board/searches/<pk>/alerts/",
            f"/board/searches/{w['saved_search'].pk}/alerts/",
            proposer,
            "post",
            {"alerts": "off"},
            fuzz=["alerts"],
        ),
        Target(
            "POST /board/searches/<path>/alerts/",
            "/board/searches/{}/alerts/",
            proposer,
            "post",
            {"alerts": "off"},
            fuzz=["<path>"],
        ),
        Target("GET /board/<path>/", "/board/{}/", proposer, fuzz=["<path>"]),
        Target("GET /board/rooms/", "/board/rooms/", proposer, fuzz=["page"]),
        Target("GET /board/rooms/<path>/", "/board/rooms/{}/", proposer, fuzz=["<path>"]),
        Target(
            "POST /board/rooms/<pk>/",
            f"/board/rooms/{w['room'].pk}/",
            w["ward_member"],
            "post",
            {"body": "日程の候補です"},
            fuzz=["body"],
        ),
        Target(
            "POST /board/rooms/<pk>/contact/",
            f"/board/rooms/{w['room'].pk}/contact/",
            proposer,
            "post",
            {
                "card-department": "観光課",
                "card-phone": "0776-00-0000",
                "card-email": "kanko@example.jp",
                "card-shared": "on",
            },
            fuzz=["card-department", "card-phone", "card-email", "card-shared"],
        ),
        Target(
            "GET /board/<pk>/rooms/<path>/",
            f"/board/{p['list'].pk}/rooms/{{}}/",
            proposer,
            fuzz=["<path>"],
        ),
        Target(
            "POST /board/ties/new/",
            "/board/ties/new/",
            w["ward_member"],
            "post",
            TIE_FORM,
            fuzz=list(TIE_FORM),
        ),
        Target(
            "POST /board/ties/<pk>/edit/",
            f"/board/ties/{w['ties']['edit'].pk}/edit/",
            w["ward_member"],
            "post",
            TIE_FORM,
            fuzz=list(TIE_FORM),
        ),
        Target(
            "POST /board/ties/<pk>/retire/",
            f"/board/ties/{w['ties']['retire'].pk}/retire/",
            w["ward_member"],
            "post",
            {"retired_on": "2024-04-01"},
            fuzz=["retired_on"],
        ),
        Target(
            "POST /board/ties/propose/",
            "/board/ties/propose/",
            proposer,
            "post",
            {"ward": str(w["ward"].pk), "kind": "disaster", "since": "2020-05-01", "note": "備考"},
            fuzz=["ward", "kind", "since", "note"],
        ),
        Target(
            "POST /board/ties/proposals/<pk>/",
            f"/board/ties/proposals/{w['tie_proposal'].pk}/",
            w["ward_member"],
            "post",
            {"decision": "decline"},
            fuzz=["decision"],
        ),
        Target(
            "GET /board/ties/<path>/edit/",
            "/board/ties/{}/edit/",
            w["ward_member"],
            fuzz=["<path>"],
        ),
        Target(
            "POST /board/desk/ties/<path>/revert/",
            "/board/desk/ties/{}/revert/",
            secretariat,
            "post",
            fuzz=["<path>"],
        ),
        Target(
            "POST admin results import (confirm)",
            reverse("admin:bulletin_collaboration_results_import"),
            secretariat,
            "post",
            {"confirm": "1", "payload": "x"},
            fuzz=["payload", "confirm"],
        ),
        Target(
            "POST /board/desk/collaborations/<path>/remind/",
            "/board/desk/collaborations/{}/remind/",
            secretariat,
            "post",
            fuzz=["<path>"],
        ),
    ]


def _soon(days: int) -> str:
    import datetime

    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def member_event_and_directory_targets(w) -> list[Target]:
    """Members' own events (events/submissions.py) and the directory (施設・人材)."""
    submission = {
        "category": "produce_fair",
        "title": "物産展",
        "start_date": _soon(30),
        "end_date": _soon(31),
        "start_time": "10:00",
        "end_time": "17:00",
        "online": "",
        "ward": str(w["ward"].pk),
        "venue": "東京区政会館",
        "description": "特産品を販売します",
        "link": "https://example.jp/",
        "image_alt": "",
    }
    offer = {
        "kind": "hall",
        "title": "区民ホール",
        "description": "500席",
        "conditions": "",
        "cost": "無料",
        "contact_department": "文化観光課",
        "is_active": "on",
    }
    offer_request = {"start_date": _soon(20), "end_date": _soon(23), "body": "研修で使います"}
    thread = w["offer_request"].get_absolute_url()
    return [
        Target(
            "POST /events/mine/new/",
            "/events/mine/new/",
            w["proposer"],
            "post",
            submission,
            list(submission),
        ),
        Target(
            "POST /events/review/<path>/",
            "/events/review/{}/",
            w["secretariat"],
            "post",
            fuzz=["<path>"],
        ),
        Target("GET /events/mine/", "/events/mine/", w["proposer"], fuzz=["page"]),
        Target("GET /events/review/", "/events/review/", w["secretariat"], fuzz=["page"]),
        Target(
            "GET /directory/",
            "/directory/",
            w["proposer"],
            fuzz=["q", "kind", "ward", "start", "end", "page"],
        ),
        Target("GET /directory/<path>/", "/directory/{}/", w["proposer"], fuzz=["<path>"]),
        Target(
            "GET /directory/requests/<path>/",
            "/directory/requests/{}/",
            w["proposer"],
            fuzz=["<path>"],
        ),
        Target(
            "POST /directory/new/",
            "/directory/new/",
            w["ward_member"],
            "post",
            offer,
            list(offer),
        ),
        Target(
            "POST /directory/<pk>/availability/",
            f"/directory/{w['offer'].pk}/availability/",
            w["ward_member"],
            "post",
            {"start_date": _soon(70), "end_date": _soon(80), "note": ""},
            ["start_date", "end_date", "note"],
        ),
        Target(
            "POST /directory/<pk>/ (request)",
            w["offer"].get_absolute_url(),
            w["proposer"],
            "post",
            offer_request,
            list(offer_request),
        ),
        Target(
            "POST /board/rooms/<pk>/ (a directory request's room)",
            w["offer_request"].room.get_absolute_url(),
            w["ward_member"],
            "post",
            {"body": "空いています"},
            ["body"],
        ),
        Target(
            "POST /directory/requests/<pk>/collaboration/",
            f"{thread}collaboration/",
            w["ward_member"],
            "post",
            {"summary": "研修の受入", "field": "education", "fiscal_year": "2025"},
            ["summary", "field", "fiscal_year"],
        ),
    ]


def member_targets(w) -> list[Target]:
    signup = {
        "email": "new@example.jp",
        "municipality": "福井県坂井市",
        "department": "企画課",
        "position": "主事",
        "full_name": "連携 太郎",
        "full_name_kana": "れんけい たろう",
        "phone": "03-1234-5678",
        "password1": "correct-horse-battery-staple",
        "password2": "correct-horse-battery-staple",
        "agree_to_terms": "on",
    }
    profile = {k: signup[k] for k in ["department", "position", "full_name", "full_name_kana"]}
    pr_page = {
        "catchphrase": "黄金がにのまち",
        "introduction": "紹介文",
        "tourism": "",
        "specialties": "",
        "events": "",
        "website": "https://example.jp/",
        "contact": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "6",
        "photos-0-photo_id": "",
        "photos-0-caption": "",
        "photos-0-alt_text": "",
    }
    partner_signup = {
        "name": "特定非営利活動法人 まちづくりネット",
        "kind": "npo",
        "corporate_number": "7000012050002",
        "address": "東京都千代田区飯田橋3-5-1",
        "offer": "空き家の活用相談",
        "website": "https://npo.example.jp/",
        "department": "事業部",
        "full_name": "協働 花子",
        "full_name_kana": "きょうどう はなこ",
        "phone": "03-1234-5678",
        "email": "npo@example.jp",
        "password1": "correct-horse-battery-staple",
        "password2": "correct-horse-battery-staple",
        "agree_to_terms": "on",
    }
    return [
        Target("POST /accounts/signup/", "/accounts/signup/", None, "post", signup, list(signup)),
        Target(
            "POST /partners/signup/",
            "/partners/signup/",
            None,
            "post",
            partner_signup,
            list(partner_signup),
        ),
        Target(
            "POST /accounts/login/",
            "/accounts/login/",
            None,
            "post",
            {"login": "nobody@example.jp", "password": "wrong"},
            ["login", "password"],
        ),
        Target(
            "POST /mypage/profile/",
            "/mypage/profile/",
            w["proposer"],
            "post",
            dict(profile, phone="03-1234-5678"),
            [*profile, "phone"],
        ),
        Target(
            "POST PR page editor",
            f"/municipalities/{w['sakai'].code}/pr/edit/",
            w["proposer"],
            "post",
            pr_page,
            list(pr_page),
        ),
        *member_event_and_directory_targets(w),
    ]


def roundtable_targets(w) -> list[Target]:
    r, member, secretariat = w["roundtable"], w["proposer"], w["secretariat"]
    topic, thread, post = r["topic"], r["thread"], r["post"]
    registration = {"name": "連携 太郎", "organisation": "坂井市", "email": "taro@example.jp"}
    return [
        Target("GET /roundtable/", "/roundtable/", fuzz=["page"]),
        Target("GET /roundtable/<path>/", "/roundtable/{}/", fuzz=["<path>"]),
        Target("GET /roundtable/<pk>/", topic.get_absolute_url(), member, fuzz=["page"]),
        Target("GET /roundtable/threads/<pk>/", thread.get_absolute_url(), member, fuzz=["page"]),
        Target(
            "POST /roundtable/<pk>/threads/new/",
            f"/roundtable/{topic.pk}/threads/new/",
            member,
            "post",
            {"title": "題名", "body": "本文"},
            ["title", "body"],
        ),
        Target(
            "POST /roundtable/threads/<pk>/",
            thread.get_absolute_url(),
            member,
            "post",
            {"body": "返信"},
            ["body"],
        ),
        Target(
            "POST /roundtable/posts/<pk>/moderate/",
            f"/roundtable/posts/{post.pk}/moderate/",
            secretariat,
            "post",
            {"reason": "理由"},
            ["reason"],
        ),
        Target(
            "POST /roundtable/meetings/<pk>/register/",
            f"/roundtable/meetings/{r['meeting'].pk}/register/",
            member,
            "post",
            registration,
            list(registration),
        ),
        Target(
            "GET /roundtable/documents/<path>/",
            "/roundtable/documents/{}/",
            member,
            fuzz=["<path>"],
        ),
    ]


def survey_targets(w) -> list[Target]:
    from tests.surveys.conftest import answer_data

    survey, secretariat = w["survey"], w["secretariat"]
    answer = answer_data(survey, q1="その他", other="検討中", number="3", text="意見")
    desk = f"/board/desk/surveys/{survey.slug}/"
    return [
        Target("GET /surveys/", "/surveys/", fuzz=["page"]),
        Target("GET /surveys/<path>/", "/surveys/{}/", fuzz=["<path>"]),
        Target("GET /mypage/surveys/", "/mypage/surveys/", w["proposer"], fuzz=["page"]),
        Target(
            "GET /mypage/surveys/<path>/", "/mypage/surveys/{}/", w["proposer"], fuzz=["<path>"]
        ),
        Target(
            "POST /mypage/surveys/<slug>/",
            survey.get_answer_url(),
            w["proposer"],
            "post",
            answer,
            fuzz=list(answer),
        ),
        Target("GET /board/desk/surveys/", "/board/desk/surveys/", secretariat, fuzz=["page"]),
        Target(
            "GET /board/desk/surveys/<path>/",
            "/board/desk/surveys/{}/",
            secretariat,
            fuzz=["<path>"],
        ),
        Target(
            "GET /board/desk/surveys/<slug>/results.<path>",
            desk + "results.{}",
            secretariat,
            fuzz=["<path>"],
        ),
        Target(
            "POST /board/desk/surveys/<slug>/<path>/",
            desk + "{}/",
            secretariat,
            "post",
            fuzz=["<path>"],
        ),
        Target(
            "POST /board/desk/surveys/<slug>/publish/",
            desk + "publish/",
            secretariat,
            "post",
            {"published": "0"},
            fuzz=["published"],
        ),
    ]


def admin_targets(w, request) -> list[Target]:
    targets = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        changelist = model_admin.get_changelist_instance(request)
        params = ["q", "p", "o", "all"]
        for spec in changelist.filter_specs:
            params += spec.expected_parameters()
        if model_admin.date_hierarchy:
            params += [f"{model_admin.date_hierarchy}__{part}" for part in ["year", "month", "day"]]
        base = {}
        if model_admin.date_hierarchy:  # a drill-down as deep as it goes, to vary one part
            base = {f"{model_admin.date_hierarchy}__{part}": "1" for part in ["month", "day"]}
            base[f"{model_admin.date_hierarchy}__year"] = "2024"
        targets.append(
            Target(f"admin {opts.label}", url, w["secretariat"], "get", base, params, 1, 10)
        )
    return targets


def attachment_uploads():
    """Hostile files for the proposal form (multipart): content and names."""
    return [
        ("a.pdf", b"%PDF-1.7\n" + b"\x00" * 200),
        ("a.pdf", b"%PDF-1.7\nstartxref\n99999999999999999999\n%%EOF\n"),
        ("a.pdf", minimal_pdf()[:-30]),
        ("a.pdf", minimal_pdf(b"/OpenAction << /S /Java#53cript /JS (x) >> ")),
        ("a.pdf", minimal_pdf(b"/Pages 99999999999999999999 0 R ")),
        ("a.pdf", minimal_pdf(b"/Nested " + b"[" * 5000 + b"]" * 5000 + b" ")),
        ("a.png", image_bytes("PNG")[:40]),
        ("a.jpg", b"\xff\xd8\xff" + b"\x00" * 100),
        ("a\x00b.pdf", minimal_pdf()),
        ("あ" * 300 + ".png", image_bytes("PNG")),
        ("../../x.png", image_bytes("PNG")),
        (" .png", image_bytes("PNG")),
    ]


def admin_app_labels() -> list[str]:
    """The apps with models in the admin (read at collection: one test case each)."""
    return sorted({model._meta.app_label for model in admin.site._registry})


# The largest groups run as several cases (every n-th target), so xdist workers share them.
PARTS = {"public": 2, "board": 3, "member": 3, "disaster": 1, "roundtable": 1, "surveys": 1}


def targets_of(group: str, world, rf) -> list[Target]:
    if group.startswith("admin:"):
        request = rf.get("/")
        request.user = world["secretariat"]
        app_label = group.removeprefix("admin:")
        return [
            t for t in admin_targets(world, request) if t.name.startswith(f"admin {app_label}.")
        ]
    name, part = group.split("-")
    every = {
        "public": public_targets,
        "board": board_targets,
        "member": member_targets,
        "disaster": disaster_targets,
        "roundtable": roundtable_targets,
        "surveys": survey_targets,
    }[name]
    return every(world)[int(part) - 1 :: PARTS[name]]


GROUPS = [
    *(f"{name}-{part}" for name, parts in PARTS.items() for part in range(1, parts + 1)),
    *(f"admin:{label}" for label in admin_app_labels()),
]


def submit(client, target: Target, param: str, value: bytes) -> list[str]:
    """One hostile submission; the failures it shows (a 500, or a refusal that saved half)."""
    if param == "<path>":
        path, params = target.path.format(quote_from_bytes(value, safe="")), {}
    else:
        path, params = target.path, {**target.base, param: value}
    before = row_counts() if target.method == "post" else None
    if target.method == "post":
        response = client.post(
            path, encode(params), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.get(path, QUERY_STRING=encode(params))
    label = f"{target.name} {param}={value[:30]!r}"
    if response.status_code >= 500:
        return [f"{response.status_code} {label}"]
    if before is not None and response.status_code != 302 and row_counts() != before:
        return [f"half-saved ({response.status_code}) {label}"]
    return []


# allauth's Authenticator admin searches a date column: a date-like search term only warns.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
@pytest.mark.parametrize("group", GROUPS)
def test_hostile_input_never_gives_a_500_nor_saves_half(group, world, client, rf):
    client.raise_request_exception = False
    targets = targets_of(group, world, rf)
    assert targets, group
    failures = []
    for target in targets:
        client.logout()
        if target.user is not None:
            pass_second_factor(client, target.user)  # the admin needs it; members are unaffected
        for param, value in target.submissions():
            failures += submit(client, target, param, value)
    assert not failures, "\n".join(failures)


def test_hostile_attachments_never_give_a_500_nor_save_half(world, client):
    client.raise_request_exception = False
    client.force_login(world["proposer"])
    failures = []
    for name, content in attachment_uploads():
        before = row_counts()
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        response = client.post("/board/new/", {**PROPOSAL_FORM, "attachments": [upload]})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} attachment {name[:30]!r}")
        elif response.status_code != 302 and row_counts() != before:
            failures.append(f"half-saved attachment {name[:30]!r}")
        # The same files in a room's message (調整ルーム), checked as the board's are.
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        room_url, before = world["room"].get_absolute_url(), row_counts()
        response = client.post(room_url, {"body": "資料です", "attachments": [upload]})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} room attachment {name[:30]!r}")
        elif response.status_code != 302 and row_counts() != before:
            failures.append(f"half-saved room attachment {name[:30]!r}")
    assert not failures, "\n".join(failures)


RESULTS_HEADER = ["識別子", "種別", "日付", "内容", "状況", "指標", "実績値"]


def hostile_result_files() -> list[tuple[str, bytes]]:
    """CSV files for the results import: each hostile value in turn in one column of a valid
    row (every column meets several), and files hostile as a whole."""
    valid = ["recorded", "実績", "2024-05-01", "", "", "来場者数", "1200"]
    files = []
    for index, value in enumerate(HOSTILE + HOSTILE[:5]):
        row = [cell.encode() for cell in valid]
        row[index % len(valid)] = b'"' + value.replace(b'"', b'""') + b'"'
        files.append(("results.csv", ",".join(RESULTS_HEADER).encode() + b"\r\n" + b",".join(row)))
    header = ",".join(RESULTS_HEADER).encode()
    return [
        *files,
        ("results.csv", "\ufeff".encode() + header + b"\r\n" + b'"unclosed,' * 1000),
        ("results.csv", header + b"\r\n" + b"," * 100_000),
        ("results.csv", header + b"\r\n" + b"\r" * 10_000),
        ("results.csv", "識別子,種別,日付\r\nrecorded,経過,2024-05-01".encode("cp932")),
        ("results.csv", b"\xef\xbb\xbf"),
        ("../../results.csv", header),
        ("results.csv\x00.xlsx", header),
    ]


def test_hostile_result_imports_never_give_a_500_nor_save_half(world, client):
    """Each file previewed, then (when the preview offers it) confirmed: no 500, and anything
    but a successful import leaves every table as it was."""
    from decimal import Decimal

    from bulletin.models import Indicator

    recorded = Collaboration.objects.create(
        slug="recorded",
        title="資料の連携事業",
        summary="概要",
        field="tourism",
        prefecture=world["sakai"].prefecture,
        fiscal_year=2024,
    )
    recorded.wards.set([world["ward"]])
    Indicator.objects.create(collaboration=recorded, name="来場者数", unit="人", target=Decimal(1))
    client.raise_request_exception = False
    pass_second_factor(client, world["secretariat"])
    url = reverse("admin:bulletin_collaboration_results_import")
    failures = []
    for name, content in hostile_result_files():
        label = f"{name[:20]!r} {content[:40]!r}"
        before = row_counts()
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} preview {label}")
            continue
        if row_counts() != before:
            failures.append(f"a preview saved {label}")
        payload = (response.context or {}).get("payload")
        if payload and not response.context["refused"]:
            response = client.post(url, {"confirm": "1", "payload": payload})
            if response.status_code >= 500:
                failures.append(f"{response.status_code} confirm {label}")
            elif response.status_code != 302 and row_counts() != before:
                failures.append(f"half-saved confirm {label}")
    assert not failures, "\n".join(failures)


def test_the_groups_cover_every_target_with_over_1000_submissions(world, rf):
    """The cases above together: every admin changelist and form, each value met."""
    request = rf.get("/")
    request.user = world["secretariat"]
    every = (
        public_targets(world)
        + board_targets(world)
        + member_targets(world)
        + disaster_targets(world)
        + roundtable_targets(world)
        + survey_targets(world)
        + admin_targets(world, request)
    )
    grouped = [target.name for group in GROUPS for target in targets_of(group, world, rf)]
    assert sorted(grouped) == sorted(target.name for target in every)
    submissions = sum(len(list(target.submissions())) for target in every)
    assert submissions + len(attachment_uploads()) >= 1000
