"""Hostile input to the yearly confirmation's forms, the ward's page and /api/v1/ties/: never a
500, and a refused submission leaves the rounds, the confirmations, the ties and the outbox as
they were (the table-driven values of tests/portal/test_fuzz.py)."""

import datetime

import pytest
from django.utils import timezone

from members.models import OutgoingEmail
from network import rounds
from network.models import ConfirmationRound, Tie, WardConfirmation
from tests.factories import make_member, pass_second_factor
from tests.portal.test_fuzz import Target, encode, quote_from_bytes


def counts() -> tuple:
    return tuple(
        model.objects.count() for model in (ConfirmationRound, WardConfirmation, Tie, OutgoingEmail)
    ) + (WardConfirmation.objects.confirmed().count(),)


def submit(client, target: Target, param: str, value: bytes) -> list[str]:
    if param == "<path>":
        path, params = target.path.format(quote_from_bytes(value, safe="")), {}
    else:
        path, params = target.path, {**target.base, param: value}
    before = counts()
    if target.method == "post":
        response = client.post(
            path, encode(params), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.get(path, QUERY_STRING=encode(params))
    label = f"{target.name} {param}={value[:30]!r}"
    if response.status_code >= 500:
        return [f"{response.status_code} {label}"]
    if target.method == "post" and not is_success(response) and counts() != before:
        return [f"half-saved ({response.status_code}) {label}"]
    return []


def is_success(response) -> bool:
    """The views redirect either way; a refusal is told in a message."""
    if response.status_code != 302:
        return False
    stored = list(response.wsgi_request._messages)
    return not any(m.level_tag == "error" for m in stored)


@pytest.fixture
def setting(places):
    member = make_member(places.shinagawa, email="shinagawa@example.jp")
    confirmation_round = rounds.round_open(
        actor=places.secretariat,
        fiscal_year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    return places, member, confirmation_round


def test_hostile_input_to_the_round_never_gives_a_500_nor_saves_half(client, setting):
    places, member, confirmation_round = setting
    client.raise_request_exception = False
    code = places.shinagawa.code
    targets = [
        Target(
            "POST open",
            "/board/desk/rounds/open/",
            places.secretariat,
            "post",
            {"fiscal_year": "2030", "deadline": "2030-01-01"},
            ["fiscal_year", "deadline"],
        ),
        Target(
            "POST remind <pk>",
            "/board/desk/rounds/{}/remind/",
            places.secretariat,
            "post",
            fuzz=["<path>"],
        ),
        Target(
            "POST close <pk>",
            "/board/desk/rounds/{}/close/",
            places.secretariat,
            "post",
            fuzz=["<path>"],
        ),
        Target("GET ward <code>", "/board/confirmation/{}/", member, fuzz=["<path>"]),
        Target(
            "POST confirm",
            f"/board/confirmation/{code}/",
            member,
            "post",
            {"note": "変更なし"},
            ["note"],
        ),
        Target(
            "GET /api/v1/ties/",
            "/api/v1/ties/",
            None,
            fuzz=["ward", "prefecture", "kind", "page", "page_size", "format"],
        ),
        Target("GET /api/v1/ties/<slug>/", "/api/v1/ties/{}/", None, fuzz=["<path>"]),
    ]
    failures = []
    for target in targets:
        client.logout()
        if target.user is not None:
            pass_second_factor(client, target.user)
        for param, value in target.submissions():
            failures += submit(client, target, param, value)
    assert not failures, "\n".join(failures)
    # The round was neither closed nor doubled by any of it.
    confirmation_round.refresh_from_db()
    assert confirmation_round.is_open and ConfirmationRound.objects.count() == 1


def test_hostile_values_reach_the_desk_as_text(client, setting):
    places, member, confirmation_round = setting
    pass_second_factor(client, member)
    client.post(
        f"/board/confirmation/{places.shinagawa.code}/", {"note": "<script>alert(1)</script>"}
    )
    pass_second_factor(client, places.secretariat)
    page = client.get("/board/desk/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
