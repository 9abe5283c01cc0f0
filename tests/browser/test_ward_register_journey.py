"""The wards keep their own register: the 品川区 member adds a tie with a 群馬県 municipality
from the board, choosing it from the suggestions; it shows at once on both municipalities'
pages and in the map's count; the secretariat reverts another ward's change from its desk.
Every page is checked with axe-core."""

import re

import pytest

from members.models import Municipality
from network.services import tie_create
from tests.factories import make_member, make_secretariat_staff


@pytest.fixture
def seeded(transactional_db, shipped_data):
    """What `manage.py seed` writes, committed for the live server (tests/conftest.py)."""


def tie_count(page) -> int:
    """The map legend's count of municipalities tied to a ward (特別区との交流（N）)."""
    legend = page.locator(".network-map__legend, ul").filter(has_text="特別区との交流（").first
    match = re.search(r"特別区との交流（([\d,]+)）", legend.inner_text())
    return int(match.group(1).replace(",", ""))


def untied_in_gunma(count: int) -> list[Municipality]:
    return list(
        Municipality.objects.filter(prefecture__name="群馬県", ties__isnull=True)
        .select_related("prefecture")
        .order_by("code")[:count]
    )


def test_a_ward_adds_a_tie_and_the_secretariat_reverts_another(journey, seeded):
    shinagawa = Municipality.objects.get(code="131091")
    meguro = Municipality.objects.get(name="目黒区")
    partner, other = untied_in_gunma(2)
    member = make_member(shinagawa, email="shinagawa@example.jp")
    secretariat = make_secretariat_staff("jimukyoku@example.jp")

    page = journey.goto("/agreements/")
    before = tie_count(page)

    # The 品川区 member adds a friendship with the 群馬県 town, chosen from the suggestions.
    page = journey.sign_in(member, "/board/ties/")
    page = journey.follow(page.get_by_role("link", name="交流関係を追加する"))
    page.get_by_label("種類 必須", exact=True).select_option(label="友好都市・姉妹都市")
    box = page.get_by_label("相手の自治体 1", exact=True)
    box.press_sequentially(partner.name[:2])
    page.locator(f'#municipality-options option[value="{partner.full_name}"]').wait_for(
        state="attached"
    )
    box.fill(partner.full_name)
    page.get_by_label("開始日", exact=True).fill("2019-10-01")
    page.get_by_label("担当部署", exact=True).fill("地域活動課")
    page = journey.follow(page.get_by_role("button", name="保存する"))
    assert f"交流関係「{partner.name}」を登録しました。" in page.locator("main").inner_text()
    assert page.get_by_role("row", name=re.compile(partner.name)).is_visible()
    journey.sign_out()

    # At once on both municipalities' pages and in the map's count.
    page = journey.goto(partner.get_absolute_url())
    assert "品川区" in page.locator("#municipality-ties").locator("..").inner_text()
    page = journey.goto(shinagawa.get_absolute_url())
    assert partner.name in page.locator("main").inner_text()
    assert "地域活動課" in page.locator("main").inner_text()
    page = journey.goto("/agreements/")
    assert tie_count(page) == before + 1

    # 目黒区 adds a tie by mistake; the secretariat reverts it from the desk.
    meguro_member = make_member(meguro, email="meguro@example.jp")
    tie_create(
        user=meguro_member,
        ward=meguro,
        data={
            "kind": "exchange",
            "municipalities": [other],
            "area_name": "",
            "since": None,
            "since_precision": "day",
            "source": "",
            "note": "",
            "department": "",
        },
    )
    page = journey.goto("/agreements/")
    assert tie_count(page) == before + 2
    page = journey.sign_in(secretariat, "/board/desk/", second_factor=True)
    changes = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("交流関係の変更"))
    )
    assert "目黒区" in changes.inner_text() and "品川区" in changes.inner_text()
    page = journey.follow(changes.get_by_role("button", name=f"{other.name}の追加を取り消す"))
    assert "の変更を取り消しました。" in page.locator("main").inner_text()
    assert "取り消し済み" in changes.inner_text()
    journey.sign_out()
    page = journey.goto(other.get_absolute_url())
    assert "目黒区" not in page.locator("main").inner_text()
    page = journey.goto("/agreements/")
    assert tie_count(page) == before + 1
