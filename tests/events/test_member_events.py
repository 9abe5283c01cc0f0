"""Members' own events: a member submits, the secretariat approves or returns it with a reason;
approved events are on /events/, in the feeds and calendars, on the municipality's page and in
the search, with the municipality as the schema.org organizer."""

import datetime

import extruct
import feedparser
import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.public_cache import read_stamp
from events import services
from events.models import Event, EventKind, EventSubmission, SubmissionStatus
from members.models import MunicipalityKind
from tests.bulletin.test_attachments import image_bytes
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_ward,
    pass_second_factor,
)


@pytest.fixture
def world(db):
    fukui = make_prefecture("18", "福井県")
    sakai = make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    chiyoda = make_ward("千代田区", "131016", "チヨダク")
    shiranuka = make_municipality(
        "白糠町", prefecture=make_prefecture("01", "北海道"), code="016683"
    )
    return {
        "sakai": sakai,
        "chiyoda": chiyoda,
        "member": make_member(sakai),
        "other": make_member(shiranuka, email="shiranuka@example.jp"),
        "secretariat": make_secretariat(),
    }


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def form_data(world, **changes) -> dict:
    return {
        "category": "produce_fair",
        "title": "坂井市物産展",
        "start_date": in_days(30).isoformat(),
        "end_date": in_days(31).isoformat(),
        "start_time": "10:00",
        "end_time": "17:00",
        "ward": str(world["chiyoda"].pk),
        "venue": "東京区政会館",
        "description": "越前がにと坂井市の特産品を販売します。",
        "link": "https://www.city.fukui-sakai.lg.jp/",
        "image_alt": "",
        **changes,
    }


def submit(client, world, **changes) -> EventSubmission:
    client.force_login(world["member"])
    response = client.post(reverse("events:submission-create"), form_data(world, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return EventSubmission.objects.latest("pk")


def review(client, world, submission, **data):
    pass_second_factor(client, world["secretariat"])
    return client.post(reverse("events:submission-review", args=[submission.pk]), data)


def test_a_submission_waits_for_the_secretariat_and_is_not_public(client, world):
    submission = submit(client, world)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.municipality == world["sakai"]
    assert not Event.objects.exists()
    client.logout()
    assert "坂井市物産展" not in client.get(reverse("events:event-list")).content.decode()
    # The member sees it on the municipality's list and マイページ.
    client.force_login(world["member"])
    page = client.get(reverse("events:submission-list")).content.decode()
    assert "坂井市物産展" in page and "事務局の確認待ち" in page
    assert "坂井市物産展" in client.get(reverse("members:mypage")).content.decode()


def test_approval_publishes_it_as_the_municipalitys_event_and_mails_the_member(
    client, world, send_outbox
):
    submission = submit(client, world)
    stamp = read_stamp()
    response = review(client, world, submission, decision="approve", reason="")
    assert response.status_code == 302
    submission.refresh_from_db()
    event = submission.event
    assert submission.status == SubmissionStatus.APPROVED
    assert event.kind == EventKind.MUNICIPALITY
    assert event.host_municipality == world["sakai"]
    assert event.venue == "東京区政会館（千代田区）"
    assert event.starts_at.hour == 10
    assert read_stamp() != stamp  # the public pages' cache refreshes
    (message,) = send_outbox()
    assert message.to == [world["member"].email]
    assert "坂井市物産展" in message.subject
    assert event.get_absolute_url() in message.body

    client.logout()
    listing = client.get(reverse("events:event-list")).content.decode()
    assert "坂井市物産展" in listing and "坂井市の催し" in listing
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "主催" in detail and world["sakai"].get_absolute_url() in detail
    assert "https://www.city.fukui-sakai.lg.jp/" in detail
    municipality_page = client.get(world["sakai"].get_absolute_url()).content.decode()
    assert "坂井市物産展" in municipality_page
    found = client.get(reverse("search:results"), {"q": "坂井市 物産展"}).content.decode()
    assert event.get_absolute_url() in found


def test_a_return_needs_a_reason_which_the_member_receives(client, world, send_outbox):
    submission = submit(client, world)
    response = review(client, world, submission, decision="return", reason="")
    assert response.status_code == 200  # the form asks for the reason
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert send_outbox() == []

    review(client, world, submission, decision="return", reason="会場の階数を書いてください。")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    (message,) = send_outbox()
    assert "会場の階数を書いてください。" in message.body
    assert not Event.objects.exists()

    # The member corrects it: back in the queue, and the reason shows until then.
    client.force_login(world["member"])
    edit_url = reverse("events:submission-edit", args=[submission.pk])
    assert "会場の階数を書いてください。" in client.get(edit_url).content.decode()
    response = client.post(edit_url, form_data(world, venue="東京区政会館 20階"))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.venue == "東京区政会館 20階"


def test_a_published_submission_is_no_longer_edited_by_the_member(client, world):
    submission = submit(client, world)
    review(client, world, submission, decision="approve")
    client.force_login(world["member"])
    response = client.post(
        reverse("events:submission-edit", args=[submission.pk]), form_data(world, title="別名")
    )
    assert response.status_code == 403
    assert Event.objects.get().title == "坂井市物産展"
    # Its edit link leads to the published page.
    response = client.get(reverse("events:submission-edit", args=[submission.pk]))
    assert response["Location"] == Event.objects.get().get_absolute_url()


def test_another_municipality_cannot_see_or_change_the_submission(client, world):
    submission = submit(client, world)
    client.force_login(world["other"])
    url = reverse("events:submission-edit", args=[submission.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(world, title="乗っ取り")).status_code == 404
    assert "坂井市物産展" not in client.get(reverse("events:submission-list")).content.decode()


def test_only_the_secretariat_approves(world):
    submission = services.submission_create(
        user=world["member"],
        data={
            "category": "tourism",
            "title": "観光PR",
            "start_date": in_days(5),
            "online": True,
            "description": "オンラインで紹介します",
        },
    )
    with pytest.raises(Exception, match="事務局"):
        services.submission_approve(submission=submission, user=world["member"])
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"venue": "", "ward": ""}, "ward"),
        ({"end_date": in_days(1).isoformat(), "start_date": in_days(3).isoformat()}, "end_date"),
        ({"start_date": "9999-12-31"}, "start_date"),
        ({"start_date": "2001-01-01"}, "start_date"),
        ({"link": "javascript:alert(1)"}, "link"),
    ],
)
def test_a_bad_submission_is_a_form_error_and_saves_nothing(client, world, changes, field):
    client.force_login(world["member"])
    response = client.post(reverse("events:submission-create"), form_data(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not EventSubmission.objects.exists()


def test_an_online_event_needs_no_ward(client, world):
    submission = submit(client, world, online="on", ward="", venue="")
    assert submission.place == "オンライン"


def test_the_image_is_re_encoded_without_its_metadata_and_needs_a_description(client, world):
    client.force_login(world["member"])
    upload = SimpleUploadedFile("camera.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(
        reverse("events:submission-create"), {**form_data(world), "image": upload}
    )
    assert response.status_code == 200 and "image_alt" in response.context["form"].errors
    upload = SimpleUploadedFile("camera.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(
        reverse("events:submission-create"),
        {**form_data(world, image_alt="物産展のポスター"), "image": upload},
    )
    assert response.status_code == 302
    submission = EventSubmission.objects.get()
    assert "camera" not in submission.image.name
    with submission.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post(
        reverse("events:submission-create"),
        {**form_data(world, image_alt="説明"), "image": fake},
    )
    assert response.status_code == 200 and "image" in response.context["form"].errors


@override_settings(SITE_URL="https://portal.example.jp")
def test_machines_read_the_municipality_as_organizer(client, world):
    submission = submit(client, world)
    review(client, world, submission, decision="approve")
    event = Event.objects.get()
    client.logout()

    html = client.get(event.get_absolute_url()).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    (item,) = [item for item in data if item.get("@type") == "Event"]
    assert item["organizer"] == [
        {
            "@type": "GovernmentOrganization",
            "name": "福井県坂井市",
            "url": "https://portal.example.jp" + world["sakai"].get_absolute_url(),
        }
    ]
    assert item["location"]["name"] == "東京区政会館（千代田区）"

    calendar = icalendar.Calendar.from_ical(client.get(reverse("events:event-list-ics")).content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "坂井市物産展"
    assert "福井県坂井市" in str(vevent["DESCRIPTION"])

    feed = feedparser.parse(client.get(reverse("events:event-feed")).content)
    (entry,) = feed.entries
    assert entry.title == "坂井市物産展"
    assert entry.author == "福井県坂井市"


def test_the_review_queue_lists_waiting_submissions_first(client, world):
    first = submit(client, world, title="先の申請")
    submit(client, world, title="後の申請")
    pass_second_factor(client, world["secretariat"])
    desk = client.get(reverse("bulletin:desk")).content.decode()
    assert reverse("events:submission-review-list") in desk
    review(client, world, first, decision="approve")
    response = client.get(reverse("events:submission-review-list"))
    page = response.content.decode().split("<tbody>")[1]  # the table, not the message above
    assert page.index("後の申請") < page.index("先の申請")
    assert response.context["waiting_count"] == 1


ROLES = ["anonymous", "pending", "member", "other", "ward", "secretariat", "password_only"]
LOGIN, MFA = "login", "mfa"


def outcome(response):
    if response.status_code == 302 and reverse("account_login") in response["Location"]:
        return LOGIN
    if response.status_code == 302 and reverse("mfa_reauthenticate") in response["Location"]:
        return MFA
    return response.status_code


# member = 坂井市 (the submitter), other = 白糠町, ward = 品川区.
MATRIX = {
    #               anonymous pending member other ward secretariat password_only
    "mine":         (LOGIN, 403, 200, 200, 200, 403, 403),
    "new":          (LOGIN, 403, 200, 200, 200, 403, 403),
    "new_post":     (LOGIN, 403, 302, 302, 302, 403, 403),
    "edit":         (LOGIN, 403, 200, 404, 404, 403, 403),
    "edit_post":    (LOGIN, 403, 302, 404, 404, 403, 403),
    "review_list":  (LOGIN, 403, 403, 403, 403, 200, MFA),
    "review":       (LOGIN, 403, 403, 403, 403, 200, MFA),
    "review_post":  (LOGIN, 403, 403, 403, 403, 302, MFA),
}  # fmt: skip


@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(action, client, world):
    users = {
        "pending": make_member(world["sakai"], status="pending", email="pending@example.jp"),
        "member": world["member"],
        "other": world["other"],
        "ward": make_member(make_ward(), email="ward@example.jp"),
    }
    submission = services.submission_create(
        user=world["member"],
        data={
            "category": "produce_fair",
            "title": "坂井市物産展",
            "start_date": in_days(30),
            "ward": world["chiyoda"],
            "venue": "東京区政会館",
            "description": "特産品",
        },
    )
    urls = {
        "mine": reverse("events:submission-list"),
        "new": reverse("events:submission-create"),
        "edit": reverse("events:submission-edit", args=[submission.pk]),
        "review_list": reverse("events:submission-review-list"),
        "review": reverse("events:submission-review", args=[submission.pk]),
    }
    got = []
    for role in ROLES:
        client.logout()
        if role == "secretariat":
            pass_second_factor(client, world["secretariat"])
        elif role == "password_only":
            client.force_login(world["secretariat"])
        elif role != "anonymous":
            client.force_login(users[role])
        if action == "new_post":
            response = client.post(urls["new"], form_data(world))
        elif action == "edit_post":
            response = client.post(urls["edit"], form_data(world))
        elif action == "review_post":
            response = client.post(urls["review"], {"decision": "return", "reason": "日付を"})
            EventSubmission.objects.filter(pk=submission.pk).update(
                status=SubmissionStatus.SUBMITTED
            )
        else:
            response = client.get(urls[action])
        got.append(outcome(response))
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, MATRIX[action], strict=True))
