"""The roundtable as people meet it: public topic pages with public summaries only, the
participants' threads, meeting registration through the events app, mail through the outbox,
moderation, the links to the board, and the query budget of its pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bulletin.models import Proposal
from events.registrations import Registration, RegistrationStatus
from events.services import registration_cancel
from members.models import OutgoingEmail
from roundtable.forms import TopicDocumentForm
from roundtable.models import Summary, Thread, TopicStatus
from roundtable.services import (
    content_moderate,
    meeting_register,
    post_reply,
    summary_publish,
    thread_start,
)
from tests.bulletin.conftest import post_proposal
from tests.bulletin.test_attachments import image_bytes, minimal_pdf
from tests.factories import make_member, pass_second_factor

from .conftest import make_meeting, make_summary, make_topic


def test_the_public_sees_public_summaries_only(client, board, topic):
    make_summary(topic, title="公開のまとめ", visibility="public")
    make_summary(topic, title="参加者向けの議事録", kind="minutes", visibility="members")
    make_summary(topic, title="下書きのまとめ", published=False)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "公開のまとめ" in page
    assert "参加者向けの議事録" not in page
    assert "下書きのまとめ" not in page
    client.force_login(board.other)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "公開のまとめ" in page and "参加者向けの議事録" in page
    assert "下書きのまとめ" not in page


def test_a_pending_applicant_is_not_a_participant(client, board, topic):
    make_summary(topic, title="参加者向けの議事録", visibility="members")
    client.force_login(board.pending)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "参加者向けの議事録" not in page
    assert "スレッドを立てる" not in page


def test_the_public_sees_neither_threads_nor_documents(client, board, topic):
    thread_start(topic=topic, author=board.proposer, title="非公開の論点", body="本文")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "非公開の論点" not in page
    assert "documents-heading" not in page
    assert reverse("account_login") in page  # invited to log in
    response = client.get(Thread.objects.get().get_absolute_url())
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_publishing_a_summary_puts_it_on_the_public_page(client, board, topic):
    summary = make_summary(topic, title="第1回のまとめ", published=False)
    assert "第1回のまとめ" not in client.get(topic.get_absolute_url()).content.decode()
    summary_publish(summary=summary, actor=board.secretariat)
    assert "第1回のまとめ" in client.get(topic.get_absolute_url()).content.decode()


def test_the_secretariat_publishes_from_the_admin_action(client, board, topic):
    summary = make_summary(topic, published=False)
    pass_second_factor(client, board.secretariat)
    response = client.post(
        reverse("admin:roundtable_summary_changelist"),
        {"action": "publish", "_selected_action": [summary.pk]},
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.is_published and summary.published_by == board.secretariat


def test_only_the_secretariat_publishes(board, topic):
    summary = make_summary(topic, published=False)
    with pytest.raises(PermissionDenied):
        summary_publish(summary=summary, actor=board.ward)
    assert not Summary.objects.get(pk=summary.pk).is_published


def test_members_discuss_in_threads(client, board, topic):
    client.force_login(board.proposer)
    response = client.post(
        reverse("roundtable:thread-create", args=[topic.pk]),
        {"title": "釧路の事例から", "body": "行政・民間事業者・金融機関の役割分担"},
    )
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    assert thread.author_label == "坂井市"
    client.force_login(board.ward)
    response = client.post(thread.get_absolute_url(), {"body": "品川区も同じ課題があります"})
    assert response.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "品川区も同じ課題があります" in page and "品川区" in page
    topic_page = client.get(topic.get_absolute_url()).content.decode()
    assert "釧路の事例から" in topic_page and "返信1件" in topic_page


def test_an_empty_thread_is_refused_and_nothing_is_saved(client, board, topic):
    client.force_login(board.proposer)
    response = client.post(
        reverse("roundtable:thread-create", args=[topic.pk]), {"title": "  ", "body": "本文"}
    )
    assert response.status_code == 200
    assert not Thread.objects.exists()


def test_a_closed_topic_takes_no_new_threads_nor_replies(client, board, topic):
    thread = thread_start(topic=topic, author=board.proposer, title="論点", body="本文")
    topic.status = TopicStatus.CLOSED
    topic.save()
    client.force_login(board.ward)
    assert client.get(reverse("roundtable:thread-create", args=[topic.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        post_reply(thread=thread, author=board.ward, body="遅れて返信")
    assert "返信する" not in client.get(thread.get_absolute_url()).content.decode()


def test_the_secretariat_hides_a_post_with_a_reason(client, board, topic):
    thread = thread_start(topic=topic, author=board.proposer, title="論点", body="本文")
    post = post_reply(thread=thread, author=board.other, body="不適切な書き込み")
    pass_second_factor(client, board.secretariat)
    response = client.post(
        reverse("roundtable:post-moderate", args=[post.pk]), {"reason": "個人情報"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "個人情報"
    client.force_login(board.ward)
    assert "不適切な書き込み" not in client.get(thread.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError):  # a reason is required
        content_moderate(actor=board.secretariat, target=post, hide=False, reason=" ")


def test_a_hidden_thread_is_404_to_members(client, board, topic):
    thread = thread_start(topic=topic, author=board.proposer, title="論点", body="本文")
    content_moderate(actor=board.secretariat, target=thread, hide=True, reason="重複")
    client.force_login(board.proposer)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "論点" not in client.get(topic.get_absolute_url()).content.decode()


def test_registration_fills_the_places_then_the_waiting_list(board, meeting):
    """Capacity 2: the events app's registration confirms two, puts the third on the waiting
    list, and moves it up when a place is freed."""
    first = meeting_register(
        meeting=meeting, user=board.proposer, name="坂井", email="a@example.jp"
    )
    second = meeting_register(meeting=meeting, user=board.ward, name="品川", email="b@example.jp")
    third = meeting_register(meeting=meeting, user=board.other, name="白糠", email="c@example.jp")
    assert [first.status, second.status, third.status] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]
    assert third.user == board.other and third.municipality == board.shiranuka
    promoted = registration_cancel(registration=first)
    assert promoted == third
    assert Registration.objects.get(pk=third.pk).status == RegistrationStatus.CONFIRMED
    assert OutgoingEmail.objects.filter(
        to="c@example.jp", subject__contains="キャンセル待ちから参加が確定"
    ).exists()


def test_a_full_meeting_without_waiting_list_refuses(board, topic):
    meeting = make_meeting(topic, capacity=1, waiting_list=False)
    meeting_register(meeting=meeting, user=board.proposer, name="坂井", email="a@example.jp")
    with pytest.raises(ValidationError):
        meeting_register(meeting=meeting, user=board.ward, name="品川", email="b@example.jp")
    assert meeting.event.registrations.count() == 1


def test_registering_from_the_page_shows_the_place_on_the_topic(client, board, meeting):
    client.force_login(board.ward)
    form = client.get(reverse("roundtable:meeting-register", args=[meeting.pk]))
    assert form.context["form"].initial["email"] == "shinagawa@example.jp"
    response = client.post(
        reverse("roundtable:meeting-register", args=[meeting.pk]),
        {"name": "品川 花子", "organisation": "品川区", "email": "shinagawa@example.jp"},
        follow=True,
    )
    page = response.content.decode()
    assert "参加申込を受け付けました" in page
    assert "参加確定 1人／定員 2人" in page
    assert OutgoingEmail.objects.filter(to="shinagawa@example.jp").exists()  # the confirmation


def test_a_pending_applicant_cannot_register(board, meeting):
    with pytest.raises(PermissionDenied):
        meeting_register(meeting=meeting, user=board.pending, name="申請中", email="p@example.jp")
    assert not meeting.event.registrations.exists()


def test_a_new_meeting_is_mailed_to_everyone_who_can_take_part(board, topic):
    make_meeting(topic, title="第2回 全国連携円卓会議")
    mailed = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert {"sakai@example.jp", "shinagawa@example.jp", "shiranuka@example.jp"} <= mailed
    assert "pending@example.jp" not in mailed and "nobody@example.jp" not in mailed
    body = OutgoingEmail.objects.filter(to="sakai@example.jp").get().body
    assert "第2回 全国連携円卓会議" in body and topic.get_absolute_url() in body


def test_a_new_thread_is_mailed_to_the_topics_participants(board, topic, meeting):
    thread_start(topic=topic, author=board.proposer, title="最初の論点", body="本文")
    meeting_register(meeting=meeting, user=board.other, name="白糠", email="c@example.jp")
    OutgoingEmail.objects.all().delete()
    thread_start(topic=topic, author=board.ward, title="二つめの論点", body="本文")
    mailed = set(OutgoingEmail.objects.values_list("to", flat=True))
    # The earlier writer and the registrant; not the author, not members who took no part.
    assert mailed == {"sakai@example.jp", "shiranuka@example.jp"}
    assert all("二つめの論点" in mail.body for mail in OutgoingEmail.objects.all())


def test_a_topic_and_its_proposal_link_both_ways(client, board, topic):
    proposal = post_proposal(board.proposer, title="円卓会議から生まれた提案")
    topic.proposals.add(proposal)
    client.force_login(board.ward)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "円卓会議の議題から" in page and topic.get_absolute_url() in page
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "円卓会議から生まれた提案" in page and proposal.get_absolute_url() in page
    # The public topic page does not lead into the members' board.
    client.logout()
    assert proposal.get_absolute_url() not in client.get(topic.get_absolute_url()).content.decode()


def test_a_proposal_without_topic_has_no_roundtable_section(client, board):
    proposal = post_proposal(board.proposer)
    client.force_login(board.ward)
    assert "円卓会議の議題から" not in client.get(proposal.get_absolute_url()).content.decode()
    assert Proposal.objects.count() == 1


def test_documents_are_checked_as_the_boards_attachments(board, topic):
    scripted = SimpleUploadedFile(
        "a.pdf", minimal_pdf(b"/OpenAction << /S /JavaScript /JS (x) >> "), "application/pdf"
    )
    form = TopicDocumentForm(data={}, files={"file": scripted})
    assert not form.is_valid()
    assert "実行内容" in str(form.errors)
    photo = SimpleUploadedFile("写真.png", image_bytes("JPEG"), "image/png")
    form = TopicDocumentForm(data={}, files={"file": photo})
    form.instance.topic = topic
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.name == "写真.jpg" and document.content_type == "image/jpeg"


def test_the_topic_list_and_page_keep_their_queries(assert_queries_constant, client, board):
    topic = make_topic("定数の議題")
    members = [board.proposer, board.ward, board.other]

    def grow(index):
        make_topic(f"議題{index}")
        thread = thread_start(
            topic=topic, author=members[index % 3], title=f"論点{index}", body="本文"
        )
        post_reply(thread=thread, author=members[(index + 1) % 3], body="返信")
        make_summary(topic, title=f"まとめ{index}", visibility="members")
        if index < 3:
            make_meeting(topic, title=f"第{index + 1}回")

    client.force_login(board.proposer)
    assert_queries_constant(
        reverse("roundtable:topic-list"), grow, small=2, large=25, max_queries=12
    )


def test_the_topic_page_keeps_its_queries(assert_queries_constant, client, board):
    topic = make_topic("定数の議題")
    members = [board.proposer, board.ward, board.other]
    extra = make_member(board.sakai, email="sakai3@example.jp")

    def grow(index):
        thread = thread_start(
            topic=topic, author=members[index % 3], title=f"論点{index}", body="本文"
        )
        post_reply(thread=thread, author=extra, body="返信")
        make_summary(topic, title=f"まとめ{index}", visibility="members")
        make_meeting(topic, title=f"第{index + 1}回", capacity=None)
        topic.proposals.add(post_proposal(board.proposer, title=f"提案{index}"))

    client.force_login(board.ward)
    assert_queries_constant(topic.get_absolute_url(), grow, small=2, large=20, max_queries=20)


def test_the_public_pages_are_not_served_stale(client, board, topic):
    """Cached for visitors, yet a published summary or a new thread shows at once."""
    summary = make_summary(topic, title="あとで公開するまとめ", published=False)
    assert "あとで公開するまとめ" not in client.get(topic.get_absolute_url()).content.decode()
    assert "0件" in client.get(reverse("roundtable:topic-list")).content.decode()
    summary_publish(summary=summary, actor=board.secretariat)
    thread_start(topic=topic, author=board.proposer, title="論点", body="本文")
    assert "あとで公開するまとめ" in client.get(topic.get_absolute_url()).content.decode()
    assert "1件" in client.get(reverse("roundtable:topic-list")).content.decode()


def test_the_english_pages_translate_the_roundtable(client, board, topic):
    make_meeting(topic)
    page = client.get("/en" + topic.get_absolute_url()).content.decode()
    assert "Meeting" in page and "No summaries or minutes have been published yet." in page
    page = client.get("/en/roundtable/").content.decode()
    assert "Nationwide Partnership Roundtable" in page and "1 meeting" in page
