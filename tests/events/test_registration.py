"""参加申込: places, the waiting list, cancellation, refusals, the mail and the admin's list."""

import csv
import datetime
import io
import re
import threading

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Audience
from events.registrations import Registration, RegistrationStatus
from members.models import OutgoingEmail
from tests.factories import make_event, make_member, make_secretariat, pass_second_factor

TODAY = timezone.localdate()


def open_event(capacity=2, **fields):
    fields.setdefault("status", "scheduled")
    return make_event(
        "第1回全国連携講演会",
        start_date=fields.pop("start_date", TODAY + datetime.timedelta(days=30)),
        registration_open=True,
        capacity=capacity,
        **fields,
    )


def register(event, email, name="連携 花子", **fields):
    return services.registration_create(
        event=event, name=name, email=email, organisation="株式会社テスト", **fields
    )


def cancel_link(body: str) -> str:
    return re.search(r"http\S+/events/registrations/[0-9a-f-]+/", body).group(0)


@pytest.mark.django_db
def test_a_visitor_registers_and_gets_the_confirmation_with_a_cancel_link(client, send_outbox):
    event = open_event()
    page = client.get(event.get_absolute_url())
    assert "参加を申し込む" in page.content.decode()
    response = client.post(
        reverse("events:registration-create", kwargs={"slug": event.slug}),
        {"name": "連携 花子", "organisation": "NPO法人つなぐ", "email": "Hanako@Example.jp"},
    )
    assert "参加申込を受け付けました" in response.content.decode()
    (registration,) = Registration.objects.all()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "hanako@example.jp"
    assert mail.outbox == []  # the request only writes to the outbox; the worker sends
    (message,) = send_outbox()
    assert message.to == ["hanako@example.jp"]
    assert "参加申込を受け付けました" in message.subject
    assert cancel_link(message.body).endswith(f"/events/registrations/{registration.token}/")
    assert OutgoingEmail.objects.filter(to="hanako@example.jp", sent_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_full_event_offers_the_waiting_list_and_a_cancellation_moves_it_up(client, send_outbox):
    event = open_event(capacity=1)
    first = register(event, "first@example.jp")
    second = register(event, "second@example.jp")
    third = register(event, "third@example.jp")
    assert [r.status for r in (first, second, third)] == ["confirmed", "waiting", "waiting"]
    assert "キャンセル待ちに申し込む" in client.get(event.get_absolute_url()).content.decode()
    assert "キャンセル待ち" in send_outbox()[1].subject
    mail.outbox.clear()

    cancel_url = cancel_link(OutgoingEmail.objects.get(to="first@example.jp").body)
    path = cancel_url.removeprefix("http://127.0.0.1:8000")
    assert "申込をキャンセルする" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert "キャンセルを受け付けました" in response.content.decode()

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.CONFIRMED  # the first on the list moves up
    assert third.status == RegistrationStatus.WAITING
    by_address = {m.to[0]: m for m in send_outbox()}
    assert set(by_address) == {"first@example.jp", "second@example.jp"}
    assert "繰り上が" in by_address["second@example.jp"].body


@pytest.mark.django_db
def test_a_duplicate_registration_by_the_same_email_is_refused_with_a_clear_message(client):
    event = open_event()
    register(event, "hanako@example.jp")
    response = client.post(
        reverse("events:registration-create", kwargs={"slug": event.slug}),
        {"name": "別の人", "email": "HANAKO@example.jp"},
    )
    assert "このメールアドレスでは既に申し込まれています。" in response.content.decode()
    assert Registration.objects.count() == 1
    # Once cancelled, the same address may register again.
    services.registration_cancel(registration=Registration.objects.get())
    register(event, "hanako@example.jp")
    assert Registration.objects.active().count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"start_date": TODAY - datetime.timedelta(days=1)},  # past
        {"registration_deadline": timezone.now() - datetime.timedelta(minutes=1)},  # closed
        {"status": "cancelled"},
    ],
    ids=["past", "after-the-deadline", "cancelled"],
)
def test_a_closed_or_past_event_takes_no_registration(client, fields):
    event = open_event(**fields)
    with pytest.raises(ValidationError, match="受け付けていません"):
        register(event, "late@example.jp")
    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    response = client.post(url, {"name": "遅刻 太郎", "email": "late@example.jp"})
    assert "受け付けていません" in response.content.decode()
    assert 'name="email"' not in response.content.decode()  # no form offered
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_full_event_without_a_waiting_list_refuses():
    event = open_event(capacity=1, waiting_list=False)
    register(event, "first@example.jp")
    with pytest.raises(ValidationError, match="定員に達した"):
        register(event, "second@example.jp")


@pytest.mark.django_db
def test_a_members_only_event_takes_members_with_their_municipality(client):
    event = open_event(audience=Audience.MEMBERS)
    response = client.get(reverse("events:registration-create", kwargs={"slug": event.slug}))
    assert "会員（全国連携ホームページ登録自治体の職員）の方のみ" in response.content.decode()
    with pytest.raises(ValidationError, match="会員"):
        register(event, "company@example.jp")

    member = make_member(email="staff@town.example.jp")
    client.force_login(member)
    response = client.get(reverse("events:registration-create", kwargs={"slug": event.slug}))
    assert response.context["form"].initial["email"] == "staff@town.example.jp"
    client.post(
        reverse("events:registration-create", kwargs={"slug": event.slug}),
        {"name": "連携 太郎", "organisation": "企画課", "email": "staff@town.example.jp"},
    )
    (registration,) = Registration.objects.all()
    assert registration.municipality == member.membership.municipality
    assert registration.user == member


@pytest.mark.django_db
def test_an_online_event_sends_its_viewing_link_to_registrants_only(client, send_outbox):
    event = open_event(capacity=1, online=True, viewing_url="https://meet.example.jp/abc-123")
    assert "meet.example.jp" not in client.get(event.get_absolute_url()).content.decode()
    register(event, "confirmed@example.jp")
    register(event, "waiting@example.jp")
    confirmed, waiting = send_outbox()
    assert "https://meet.example.jp/abc-123" in confirmed.body
    assert "meet.example.jp" not in waiting.body
    mail.outbox.clear()
    assert services.viewing_link_send(event=event) == 1
    assert [m.to for m in send_outbox()] == [["confirmed@example.jp"]]


@pytest.mark.django_db
def test_the_secretariat_exports_the_list_and_mails_registrants(client, send_outbox):
    event = open_event(capacity=5)
    register(event, "a@example.jp", name='=HYPERLINK("http://evil")')
    register(event, "b@example.jp", name="連携 次郎")
    secretariat = make_secretariat()
    pass_second_factor(client, secretariat)
    changelist = reverse("admin:events_registration_changelist")
    ids = [str(pk) for pk in Registration.objects.values_list("pk", flat=True)]

    response = client.post(changelist, {"action": "export_csv", "_selected_action": ids})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["イベント", "開催日", "状態", "氏名"]
    names = {row[3] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil")', "連携 次郎"}  # no formula runs in Excel

    response = client.post(changelist, {"action": "export_xlsx", "_selected_action": ids})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert sheet["D1"].value == "氏名"

    response = client.post(changelist, {"action": "mail_registrants", "_selected_action": ids})
    assert "申込者へのメール" in response.content.decode()
    client.post(
        changelist,
        {
            "action": "mail_registrants",
            "_selected_action": ids,
            "send": "1",
            "subject": "会場変更のお知らせ",
            "body": "会場が3階に変わりました。",
        },
    )
    assert sorted(m.to[0] for m in send_outbox() if "会場変更" in m.subject) == [
        "a@example.jp",
        "b@example.jp",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.parametrize("waiting_list", [True, False], ids=["waiting-list", "no-waiting-list"])
def test_fifty_simultaneous_registrations_for_the_last_ten_places_never_overbook(
    transactional_db, waiting_list
):
    event = open_event(capacity=30, waiting_list=waiting_list)
    for n in range(20):
        register(event, f"early{n}@example.jp")
    barrier = threading.Barrier(50)
    refused = []

    def attempt(n):
        from django.db import connection as own_connection  # one connection per thread

        try:
            barrier.wait()
            register(event, f"late{n}@example.jp")
        except ValidationError as error:
            refused.append(error.code)
        finally:
            own_connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert event.registrations.confirmed().count() == 30
    if waiting_list:
        assert event.registrations.waiting().count() == 40
        assert refused == []
    else:
        assert refused == ["full"] * 40
        assert event.registrations.waiting().count() == 0


@pytest.mark.django_db
def test_a_registrant_on_the_waiting_list_sees_their_position(client):
    event = open_event(capacity=1)
    register(event, "first@example.jp")
    register(event, "second@example.jp")
    response = client.post(
        reverse("events:registration-create", kwargs={"slug": event.slug}),
        {"name": "連携 花子", "organisation": "", "email": "third@example.jp"},
    )
    assert "キャンセル待ちの2番目です。" in response.content.decode()
    third = Registration.objects.get(email="third@example.jp")
    page = client.get(reverse("events:registration-cancel", args=[third.token]))
    assert "キャンセル待ちの2番目です。" in page.content.decode()


@pytest.mark.django_db
def test_the_event_page_shows_start_and_end_times_and_the_deadline_in_era_dates(client):
    start = datetime.date(2027, 2, 1)
    event = open_event(
        start_date=start,
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        registration_deadline=timezone.make_aware(datetime.datetime(2027, 1, 15, 13, 24)),
    )
    for url in (
        event.get_absolute_url(),
        reverse("events:registration-create", kwargs={"slug": event.slug}),
    ):
        body = client.get(url).content.decode()
        assert "令和9年2月1日（2027年2月1日）" in body
        assert '<time datetime="2027-02-01T14:00:00+09:00">14:00</time>' in body
        assert '<time datetime="2027-02-01T16:30:00+09:00">16:30</time>' in body
        assert "令和9年1月15日（2027年1月15日） 13:24" in body
        assert "2027-01-15 13:24" not in body


@pytest.mark.django_db
def test_the_confirmation_mail_gives_the_start_and_end_times(client, send_outbox):
    event = open_event(start_time=datetime.time(14, 0), end_time=datetime.time(16, 30))
    register(event, "hanako@example.jp")
    (message,) = send_outbox()
    (line,) = [line for line in message.body.splitlines() if line.startswith("日程")]
    assert line.endswith(" 14:00〜16:30"), line
