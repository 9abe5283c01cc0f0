"""A report is resolved from its page in the admin: hide the post, restore it, or close the report
with a reason, through the board's moderation service (recorded, the report marked handled)."""

import pytest
from django.urls import reverse

from bulletin.models import ModerationAction, Report
from bulletin.services.moderation import post_report
from tests.factories import pass_second_factor


@pytest.fixture
def report(board, proposal):
    return post_report(reporter=board.other, reason="連絡先が個人の携帯です", proposal=proposal)


@pytest.fixture
def secretariat_client(client, board):
    pass_second_factor(client, board.secretariat)
    return client


def change_url(report):
    return reverse("admin:bulletin_report_change", args=[report.pk])


def resolve(client, report, **data):
    return client.post(
        reverse("admin:bulletin_report_resolve", args=[report.pk]), data, follow=True
    )


def test_the_reports_page_offers_hide_and_dismiss_with_a_reason(secretariat_client, report):
    page = secretariat_client.get(change_url(report)).content.decode()
    assert "通報への対応" in page
    assert 'value="hide"' in page and "非表示にする" in page
    assert 'value="dismiss"' in page and "対応不要（通報を閉じる）" in page
    assert "連絡先が個人の携帯です" in page
    assert report.proposal.title in page


def test_hiding_the_post_from_the_report(secretariat_client, report, board):
    response = resolve(secretariat_client, report, action="hide", reason="個人情報のため")
    assert "「非表示にする」を記録しました。" in response.content.decode()
    report.refresh_from_db()
    report.proposal.refresh_from_db()
    assert report.handled_at is not None
    assert report.proposal.is_hidden and report.proposal.hidden_reason == "個人情報のため"
    action = ModerationAction.objects.get()
    assert (action.action, action.actor) == ("hide", board.secretariat)
    # The post now hidden, the page offers to restore it; restoring goes through the same service.
    page = secretariat_client.get(change_url(report)).content.decode()
    assert 'value="restore"' in page and "非表示" in page
    resolve(secretariat_client, report, action="restore", reason="修正を確認しました")
    report.proposal.refresh_from_db()
    assert not report.proposal.is_hidden
    assert list(ModerationAction.objects.values_list("action", flat=True).order_by("pk")) == [
        "hide",
        "restore",
    ]


def test_dismissing_needs_a_reason_and_leaves_the_post(secretariat_client, report):
    response = resolve(secretariat_client, report, action="dismiss", reason="")
    assert "このフィールドは必須です。" in response.content.decode()
    report.refresh_from_db()
    assert report.handled_at is None
    resolve(secretariat_client, report, action="dismiss", reason="問題ありません")
    report.refresh_from_db()
    report.proposal.refresh_from_db()
    assert report.handled_at is not None
    assert not report.proposal.is_hidden
    assert Report.objects.unhandled().count() == 0


def test_a_member_cannot_resolve_a_report(client, report, board):
    client.force_login(board.ward)
    response = client.post(
        reverse("admin:bulletin_report_resolve", args=[report.pk]),
        {"action": "hide", "reason": "x"},
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    report.proposal.refresh_from_db()
    assert not report.proposal.is_hidden
