"""The secretariat opens a topic in the admin: its documents are checked as the board's
attachments are, and a new meeting is announced to the participants through the outbox."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members.models import OutgoingEmail
from roundtable.models import Meeting, Topic, TopicDocument
from tests.bulletin.test_attachments import minimal_pdf
from tests.factories import make_event, pass_second_factor


def topic_form(event, upload, **changes) -> dict:
    data = {
        "title": "発展期の推進体制",
        "description": "民間事業者などが参画できる枠組みを話し合います。",
        "status": "open",
        "opened_at_0": "2026-04-01",
        "opened_at_1": "10:00:00",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-file": upload,
        "meetings-TOTAL_FORMS": "1",
        "meetings-INITIAL_FORMS": "0",
        "meetings-MIN_NUM_FORMS": "0",
        "meetings-MAX_NUM_FORMS": "1",
        "meetings-0-event": str(event.pk),
    }
    data.update(changes)
    return data


def meeting_event():
    return make_event(
        title="第1回 全国連携円卓会議",
        kind="participation",
        start_date=timezone.localdate() + datetime.timedelta(days=20),
        status="scheduled",
        registration_open=True,
        capacity=30,
    )


def test_the_secretariat_opens_a_topic_with_a_document_and_a_meeting(client, board):
    pass_second_factor(client, board.secretariat)
    event = meeting_event()
    upload = SimpleUploadedFile("資料.pdf", minimal_pdf(), "application/pdf")
    response = client.post(reverse("admin:roundtable_topic_add"), topic_form(event, upload))
    assert response.status_code == 302, response.context and response.context["errors"]
    topic = Topic.objects.get()
    assert topic.opened_by == board.secretariat
    document = TopicDocument.objects.get()
    assert (document.name, document.content_type) == ("資料.pdf", "application/pdf")
    assert Meeting.objects.get().event == event
    mailed = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert {"sakai@example.jp", "shinagawa@example.jp", "shiranuka@example.jp"} <= mailed


def test_a_scripted_pdf_is_refused_and_nothing_is_saved(client, board):
    pass_second_factor(client, board.secretariat)
    upload = SimpleUploadedFile(
        "a.pdf", minimal_pdf(b"/OpenAction << /S /JavaScript /JS (x) >> "), "application/pdf"
    )
    response = client.post(
        reverse("admin:roundtable_topic_add"), topic_form(meeting_event(), upload)
    )
    assert response.status_code == 200
    assert "実行内容" in response.content.decode()
    assert not Topic.objects.exists() and not OutgoingEmail.objects.exists()


def test_hostile_documents_never_give_a_500_nor_save_half(client, board):
    from tests.portal.test_fuzz import attachment_uploads

    client.raise_request_exception = False
    pass_second_factor(client, board.secretariat)
    event = meeting_event()
    failures = []
    for name, content in attachment_uploads():
        upload = SimpleUploadedFile(name, content, "application/octet-stream")
        response = client.post(reverse("admin:roundtable_topic_add"), topic_form(event, upload))
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {name[:30]!r}")
        elif response.status_code == 302:  # accepted: a real file, stored as checked
            Topic.objects.all().delete()
            Meeting.objects.all().delete()
        elif Topic.objects.exists() or TopicDocument.objects.exists():
            failures.append(f"half-saved {name[:30]!r}")
    assert not failures, "\n".join(failures)
