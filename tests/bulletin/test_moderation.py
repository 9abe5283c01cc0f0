"""Members report posts; the secretariat hides and restores them with a reason. Hidden posts are
kept, and every action is recorded with who and when."""

from django.urls import reverse

from bulletin.models import ModerationAction, Proposal, Reply, Report
from bulletin.services.moderation import post_moderate, post_report
from bulletin.services.replies import reply_post
from tests.factories import pass_second_factor


def test_report_then_hide_and_restore_a_reply(client, board, proposal):
    reply = reply_post(proposal=proposal, author=board.other, body="格安で販売します 0120-xxx")

    client.force_login(board.ward)
    url = reverse("bulletin:reply-report", args=[reply.pk])
    assert "格安で販売します" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert "このフィールドは必須です" in response.content.decode()
    response = client.post(url, {"reason": "営利目的の宣伝です"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reply, report.reporter, report.handled_at) == (reply, board.ward, None)

    pass_second_factor(client, board.secretariat)
    queue = client.get(reverse("bulletin:report-list")).content.decode()
    assert "営利目的の宣伝です" in queue and "未対応" in queue
    moderate = reverse("bulletin:reply-moderate", args=[reply.pk])
    response = client.post(moderate, {"action": "hide", "reason": ""})
    assert response.status_code == 200 and not Reply.objects.get().is_hidden  # a reason is required
    response = client.post(moderate, {"action": "hide", "reason": "営利目的の宣伝のため"})
    assert response.status_code == 302

    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_reason == "営利目的の宣伝のため"
    report.refresh_from_db()
    assert report.handled_at is not None
    assert Reply.objects.filter(pk=reply.pk).exists()  # kept, not deleted

    client.force_login(board.proposer)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "格安で販売します" not in page and "事務局により非表示にされました" in page
    pass_second_factor(client, board.secretariat)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "格安で販売します" in page and "営利目的の宣伝のため" in page

    response = client.post(moderate, {"action": "restore", "reason": "投稿者が訂正を申し出たため"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert not reply.is_hidden
    log = list(
        ModerationAction.objects.order_by("created_at").values_list("action", "actor", "reason")
    )
    assert log == [
        ("hide", board.secretariat.pk, "営利目的の宣伝のため"),
        ("restore", board.secretariat.pk, "投稿者が訂正を申し出たため"),
    ]
    assert all(action.created_at for action in ModerationAction.objects.all())
    history = client.get(moderate).content.decode()
    assert "営利目的の宣伝のため" in history and "投稿者が訂正を申し出たため" in history


def test_hiding_a_proposal_keeps_it_and_records_who(client, board, proposal):
    action = post_moderate(
        actor=board.secretariat, proposal=proposal, action="hide", reason="連絡先の誤り"
    )
    proposal.refresh_from_db()
    assert proposal.is_hidden and Proposal.objects.filter(pk=proposal.pk).exists()
    assert (action.actor, action.reason, action.proposal) == (
        board.secretariat,
        "連絡先の誤り",
        proposal,
    )
    client.force_login(board.ward)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert proposal.title not in client.get(reverse("bulletin:proposal-list")).content.decode()
    pass_second_factor(client, board.secretariat)
    history = client.get(reverse("bulletin:proposal-moderate", args=[proposal.pk])).content.decode()
    assert "連絡先の誤り" in history


def test_dismissing_a_report_closes_it_without_hiding(client, board, proposal):
    post_report(reporter=board.ward, proposal=proposal, reason="念のため")
    post_moderate(actor=board.secretariat, proposal=proposal, action="dismiss", reason="問題なし")
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert Report.objects.get().handled_at is not None
    pass_second_factor(client, board.secretariat)
    queue = client.get(reverse("bulletin:report-list")).content.decode()
    assert "念のため" in queue and "対応済み" in queue and "未対応" not in queue
    client.force_login(board.ward)
    assert proposal.title in client.get(proposal.get_absolute_url()).content.decode()


def test_report_list_query_count_does_not_grow(client, board, proposal, assert_queries_constant):
    def grow(index):
        if index % 2:
            post_report(reporter=board.ward, proposal=proposal, reason=f"理由{index}")
        else:
            reply = reply_post(proposal=proposal, author=board.other, body=f"返信{index}")
            post_report(reporter=board.ward, reply=reply, reason=f"理由{index}")

    pass_second_factor(client, board.secretariat)
    (response,) = assert_queries_constant(
        reverse("bulletin:report-list"), grow, large=40, max_queries=5
    )
    body = response.content.decode()
    assert len(response.context["object_list"]) == 30  # a page, the newest first
    assert "理由39" in body and "理由10" in body and "理由9" not in body
    assert "への白糠町の返信" in body and "品川区" in body


def test_a_hidden_reply_stays_hidden_on_its_report_page(client, board, proposal):
    reply = reply_post(proposal=proposal, author=board.ward, body="格安で販売します")
    post_moderate(actor=board.secretariat, reply=reply, action="hide", reason="宣伝")
    url = reverse("bulletin:reply-report", args=[reply.pk])
    for user in (board.proposer, board.other, board.ward):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404, user
        assert "格安で販売します" not in response.content.decode()
        assert "格安で販売します" not in client.get(proposal.get_absolute_url()).content.decode()
        assert url not in client.get(proposal.get_absolute_url()).content.decode()
    pass_second_factor(client, board.secretariat)
    assert "格安で販売します" in client.get(proposal.get_absolute_url()).content.decode()


def test_hiding_a_post_tells_its_owner_with_the_reason(client, board, proposal):
    from bulletin.models import Notification
    from members.models import OutgoingEmail

    reply = reply_post(proposal=proposal, author=board.other, body="格安で販売します")
    Notification.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    pass_second_factor(client, board.secretariat)
    client.post(
        reverse("bulletin:proposal-moderate", args=[proposal.pk]),
        {"action": "hide", "reason": "連絡先が誤っているため"},
    )
    client.post(
        reverse("bulletin:reply-moderate", args=[reply.pk]),
        {"action": "hide", "reason": "営利目的の宣伝のため"},
    )
    told = {(n.recipient.email, n.message) for n in Notification.objects.all()}
    title = proposal.title
    assert told == {
        (email, f"事務局があなたの投稿を非表示にしました：「{title}」（理由：連絡先が誤っているため）")
        for email in ("sakai@example.jp", "sakai2@example.jp")
    } | {
        ("shiranuka@example.jp", f"事務局があなたの返信を非表示にしました：「{title}」（理由：営利目的の宣伝のため）")
    }  # fmt: skip
    mails = {m.to: m for m in OutgoingEmail.objects.all()}
    assert set(mails) == {"sakai@example.jp", "sakai2@example.jp", "shiranuka@example.jp"}
    assert "連絡先が誤っているため" in mails["sakai@example.jp"].subject
    assert "営利目的の宣伝のため" in mails["shiranuka@example.jp"].body
