"""The board's journey: 坂井市 proposes, 品川区 finds it, replies and raises a hand, 坂井市 sets
成立, and the public collaboration page lists it. Members log in through the real login page;
every page is checked with axe-core."""

import re

from django.core import mail

from members import outbox
from members.models import Municipality
from tests.factories import make_member

PASSWORD = "correct-horse-battery"
TITLE = "黄金がにをしながわ水族館でPRしませんか"


def log_in(journey, email: str, next_path: str = "/board/"):
    page = journey.goto(f"/accounts/login/?next={next_path}")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    journey.follow(page.locator('form[action^="/accounts/login/"] button[type="submit"]'))
    assert page.url.endswith(next_path), page.url
    return page


def log_out(journey):
    page = journey.goto("/accounts/logout/")
    journey.follow(page.locator('main form button[type="submit"]'))


def test_a_proposal_becomes_a_public_collaboration(journey, transactional_db, full_register):
    sakai = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    assert sakai.membership.municipality.name == "坂井市"

    # 坂井市 posts a proposal.
    page = log_in(journey, "sakai@example.jp")
    assert page.get_by_role("heading", level=1).inner_text() == "連携提案掲示板"
    page = journey.follow(page.get_by_role("link", name="提案を投稿する").first)
    page.get_by_label("件名").fill(TITLE)
    page.get_by_label("分野").select_option(label="観光振興")
    page.get_by_label("連携の種類").select_option(label="イベント出展")
    page.get_by_label("提案内容").fill(
        "坂井市の黄金がにを水族館で紹介するイベントを考えています。\n"
        "詳しくは https://example.jp/kani をご覧ください。"
    )
    page.get_by_label("提供できること").fill("黄金がにの展示と試食")
    page.get_by_label("求めること").fill("会場と来場者への告知")
    page.get_by_label("実施年度").select_option(index=2)
    page = journey.follow(page.get_by_role("button", name="投稿する"))
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert page.get_by_role("link", name="https://example.jp/kani").get_attribute("rel") == (
        "nofollow noopener"
    )
    proposal_path = page.url.removeprefix(journey.base_url)
    log_out(journey)

    # 品川区 finds it by a keyword, replies and raises a hand.
    page = log_in(journey, "shinagawa@example.jp")
    page.get_by_label("キーワード").fill("黄金がに")
    page = journey.follow(page.get_by_role("button", name="絞り込む"))
    assert "1件の提案" in page.get_by_role("status").inner_text()
    page = journey.follow(page.get_by_role("link", name=TITLE))
    page.get_by_label("返信内容").fill("品川区です。しながわ水族館での開催を検討できます。")
    page = journey.follow(page.get_by_role("button", name="返信を投稿する"))
    assert page.get_by_text("しながわ水族館での開催を検討できます。").is_visible()
    page = journey.follow(page.get_by_role("button", name="手を挙げる"))
    assert page.get_by_text("あなたの区は手を挙げています。").is_visible()
    log_out(journey)

    # The proposer was told (mail from the outbox worker, and the unread count in the header).
    outbox.send_due()
    subjects = [message.subject for message in mail.outbox if message.to == ["sakai@example.jp"]]
    assert any("品川区から返信がありました" in s for s in subjects)
    assert any("品川区が手を挙げました" in s for s in subjects)

    # 坂井市 sees the notifications and sets 調整中, then 成立.
    page = log_in(journey, "sakai@example.jp")
    page = journey.follow(page.get_by_role("link", name=re.compile("通知 未読2件")))
    page = journey.follow(page.get_by_role("link", name=re.compile("品川区が手を挙げました")))
    assert page.url.endswith(proposal_path)
    page = journey.follow(page.get_by_role("link", name="状態を変更する"))
    page.get_by_role("radio", name="調整中").check()
    page = journey.follow(page.get_by_role("button", name="状態を変更する"))
    assert page.get_by_text("状態を「調整中」にしました。").is_visible()
    page = journey.follow(page.get_by_role("link", name="状態を変更する"))
    page.get_by_role("radio", name="成立").check()
    assert page.get_by_label("品川区").is_checked()  # the ward that raised its hand
    page.get_by_label("事業の概要").fill("しながわ水族館で坂井市の黄金がにをPRするイベントを実施")
    page = journey.follow(page.get_by_role("button", name="状態を変更する"))
    assert page.get_by_text("成立にしました。連携事業一覧に掲載されました。").is_visible()
    assert page.get_by_text("閲覧のみできます").is_visible()
    log_out(journey)

    # The public collaboration list and page show it.
    page = journey.goto("/collaborations/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "品川区" in row.inner_text() and "坂井市" in row.inner_text()
    page = journey.follow(page.get_by_role("link", name=TITLE))
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert page.get_by_text("連携提案掲示板への提案から成立しました。").is_visible()
