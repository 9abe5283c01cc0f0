"""Nothing members-only is ever exposed: every API URL, read anonymously, holds no private row or field."""

import datetime
import json
import re

import pytest
from django.test import override_settings

from bulletin.models import ProposalField, ProposalKind
from bulletin.services.proposals import proposal_submit
from bulletin.services.replies import reply_post
from events.services import registration_create
from members.models import Municipality, PRPage
from tests.factories import make_event, make_member

SECRET_WORDS = [
    "秘密の提案タイトル",
    "秘密の本文",
    "secret-member@example.jp",
    "連携 太郎",  # the member's name, reading and telephone (tests/factories.make_member)
    "れんけい たろう",
    "03-0000-0000",
    "下書きのキャッチコピー",
    "返信の秘密",
    # An online lecture's registrant and the viewing link only registrants receive (issue 14).
    "secret-viewing.example",
    "registrant-secret@example.jp",
    "申込 花子",
    "秘密の申込団体",
]
PRIVATE_FIELDS = {
    "email",
    "password",
    "phone",
    "full_name",
    "full_name_kana",
    "department",
    "position",
    "author",
    "proposal",
    "replies",
    "hands",
    "is_hidden",
    "hidden_reason",
    "membership",
    "pr_page",
    "catchphrase",
    "introduction",
    "viewing_url",
    "registrations",
    "token",
}


@pytest.fixture
def private_world(shipped_data):
    sakai = Municipality.objects.get(code="182109")
    member = make_member(sakai, email="secret-member@example.jp")
    proposal = proposal_submit(
        author=member,
        data={
            "title": "秘密の提案タイトル",
            "field": ProposalField.TOURISM,
            "kind": ProposalKind.EVENT,
            "body": "秘密の本文",
            "offer": "秘密の本文",
            "seeking": "秘密の本文",
            "any_ward": True,
            "fiscal_year": 2025,
            "period_start": None,
            "period_end": None,
        },
        wards=(),
    )
    reply_post(author=member, proposal=proposal, body="返信の秘密")
    PRPage.objects.create(
        municipality=sakai, catchphrase="下書きのキャッチコピー", introduction="下書き"
    )
    lecture = make_event(
        "オンライン講演会",
        slug="online-lecture-2099",
        start_date=datetime.date(2099, 8, 28),
        online=True,
        status="scheduled",
        registration_open=True,
        capacity=10,
        viewing_url="https://secret-viewing.example/room",
    )
    registration_create(
        event=lecture,
        name="申込 花子",
        email="registrant-secret@example.jp",
        organisation="秘密の申込団体",
    )


def keys_of(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in keys_of(value)}
    if isinstance(data, list):
        return {k for item in data for k in keys_of(item)}
    return set()


def api_urls(api) -> list[str]:
    """Every URL of the API: the root, each list (JSON and CSV, every page), each record."""
    root = api.get("/api/v1/").json()
    urls = ["/api/v1/", "/api/v1/schema/", "/api/v1/docs/"]
    for links in root["resources"].values():
        url = links["url"]
        urls.append(links["csv"])
        while url:
            urls.append(url)
            url = api.get(url).json()["next"]
    return urls


@override_settings(OPENDATA_RATE_LIMIT="10000/min")  # the walk makes a few hundred requests
def test_no_api_url_exposes_a_private_row_or_field(private_world, api):
    detail_urls = []
    seen_keys = set()
    bodies = []
    for url in api_urls(api):
        response = api.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        bodies.append((url, text))
        if response["Content-Type"].startswith("application/json"):
            data = response.json()
            seen_keys |= keys_of(data)
            for row in data.get("results", [])[:2]:
                identifier = next(
                    (row[key] for key in ("code", "slug", "as_of", "disaster", "id") if key in row),
                    None,
                )
                if identifier is not None and "disaster" not in row:
                    detail_urls.append(url.split("?")[0] + f"{identifier}/")
    for url in detail_urls:
        response = api.get(url)
        assert response.status_code == 200, url
        bodies.append((url, response.content.decode()))
        seen_keys |= keys_of(response.json())
    assert len(bodies) > 30
    # The online lecture itself is public: it is listed, without its viewing link or registrants.
    assert any("online-lecture-2099" in text for _url, text in bodies)
    for url, text in bodies:
        for word in SECRET_WORDS:
            assert word not in text, f"{word} appears at {url}"
        assert not re.search(r"/board/\d", text), url
    assert not (seen_keys & PRIVATE_FIELDS), seen_keys & PRIVATE_FIELDS
    schema = api.get("/api/v1/schema/?format=json")
    assert "bulletin/proposal" not in json.dumps(schema.content.decode())
