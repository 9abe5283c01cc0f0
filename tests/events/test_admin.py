"""The secretariat's event list: registered and waiting counts per event, in constant queries."""

import pytest
from django.urls import reverse

from events.registrations import Registration, RegistrationStatus
from tests.factories import make_event, make_secretariat, pass_second_factor

CHANGELIST = reverse("admin:events_event_changelist")


def add_registrations(event, confirmed: int, waiting: int, cancelled: int = 0):
    for status, count in (
        (RegistrationStatus.CONFIRMED, confirmed),
        (RegistrationStatus.WAITING, waiting),
        (RegistrationStatus.CANCELLED, cancelled),
    ):
        for index in range(count):
            Registration.objects.create(
                event=event, status=status, name="連携 花子", email=f"{status}{index}@example.jp"
            )


@pytest.fixture
def staff_client(client, db):
    pass_second_factor(client, make_secretariat())
    return client


def test_the_event_list_shows_registered_and_waiting_counts(staff_client):
    event = make_event("第1回全国連携講演会", registration_open=True, capacity=3)
    add_registrations(event, confirmed=3, waiting=2, cancelled=1)
    make_event("申込のない講演会")
    response = staff_client.get(CHANGELIST)
    body = response.content.decode()
    assert "参加確定" in body and "キャンセル待ち" in body
    counts = {
        e.title: (e.registered_count, e.waiting_count) for e in response.context["cl"].result_list
    }
    assert counts == {"第1回全国連携講演会": (3, 2), "申込のない講演会": (0, 0)}
    assert '<td class="field-registered">3</td><td class="field-waiting">2</td>' in body
    # Sortable by either count.
    assert staff_client.get(CHANGELIST, {"o": "-9"}).status_code == 200


def test_the_event_list_query_count_does_not_grow_with_events(
    staff_client, assert_queries_constant
):
    def grow(index):
        add_registrations(make_event(f"講演会{index}"), confirmed=2, waiting=1)

    (response,) = assert_queries_constant(CHANGELIST, grow, small=2, large=25, max_queries=7)
    assert len(response.context["cl"].result_list) == 25
