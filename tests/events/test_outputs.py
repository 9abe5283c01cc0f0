"""What machines read from the events: JSON-LD, iCalendar and Atom, parsed by the libraries real
clients use (extruct, icalendar, feedparser)."""

import datetime
import json
from pathlib import Path

import extruct
import feedparser
import icalendar
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import make_event

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def _events_json_ld(client, event) -> list[dict]:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    data = extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
    return [item for item in data if item.get("@type") == "Event"]


@override_settings(SITE_URL="https://portal.example.jp")
def test_every_event_names_the_project_as_organizer_and_a_time_where_known(client, db):
    lecture = make_event(
        "全国連携講演会",
        start_date=datetime.date(2023, 10, 7),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(18, 0),
    )
    (data,) = _events_json_ld(client, lecture)
    assert data["organizer"][0]["name"] == "特別区長会"
    assert data["startDate"] == "2023-10-07T10:00:00+09:00"
    assert data["endDate"] == "2023-10-07T18:00:00+09:00"
    assert data["url"] == "https://portal.example.jp" + lecture.get_absolute_url()

    all_day = make_event("展示", kind="exhibition", start_date=datetime.date(2019, 5, 14))
    (data,) = _events_json_ld(client, all_day)
    assert data["startDate"] == "2019-05-14"
    assert data["organizer"][0]["name"] == "特別区長会"


def test_an_event_without_a_known_day_emits_no_event_markup(client, db):
    undated = make_event(
        "令和2年度魅力発信イベント",
        kind="promotion",
        start_date=datetime.date(2020, 4, 1),
        status="cancelled",
        date_precision="fiscal_year",
    )
    assert _events_json_ld(client, undated) == []


@override_settings(SITE_URL="https://portal.example.jp")
def test_ical_uid_is_the_sites_not_the_requests_host_and_times_are_utc(client, db):
    make_event("講演会", slug="lecture-x", start_date=datetime.date(2023, 10, 7))
    make_event(
        "時刻のある講演会",
        slug="lecture-timed",
        start_date=datetime.date(2023, 10, 8),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 30),
    )
    url = reverse("events:event-list-ics")
    calendars = [
        icalendar.Calendar.from_ical(client.get(url, headers={"host": host}).content)
        for host in ["127.0.0.1", "localhost"]
    ]
    uids = [sorted(str(e["UID"]) for e in cal.walk("VEVENT")) for cal in calendars]
    assert uids[0] == uids[1] == ["lecture-timed@portal.example.jp", "lecture-x@portal.example.jp"]
    timed = next(e for e in calendars[0].walk("VEVENT") if str(e["UID"]).startswith("lecture-t"))
    assert timed.decoded("DTSTART") == datetime.datetime(2023, 10, 8, 10, 0, tzinfo=TOKYO)
    assert timed.decoded("DTEND") == datetime.datetime(2023, 10, 8, 16, 30, tzinfo=TOKYO)


def test_atom_entries_carry_their_own_last_change(client, db):
    for day in [1, 2, 3]:
        event = make_event(f"講演会{day}", start_date=datetime.date(2023, 6, day))
        Event.objects.filter(pk=event.pk).update(
            updated_at=datetime.datetime(2023, 6, day, 12, 0, tzinfo=TOKYO)
        )
    response = client.get(reverse("events:event-feed"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    updated = {entry.title: entry.updated_parsed[:5] for entry in feed.entries}
    assert updated == {
        "講演会1": (2023, 6, 1, 3, 0),  # 12:00 in Tokyo is 03:00 UTC
        "講演会2": (2023, 6, 2, 3, 0),
        "講演会3": (2023, 6, 3, 3, 0),
    }


def test_seeded_events_are_dated_by_the_event_not_by_the_fixture_load():
    rows = json.loads(
        (Path(__file__).resolve().parents[2] / "fixtures" / "events.json").read_text("utf-8")
    )
    events = [row["fields"] for row in rows if row["model"] == "events.event"]
    assert len({event["updated_at"] for event in events}) > len(events) * 0.8
    for event in events:
        assert event["updated_at"].startswith(event["start_date"])


@pytest.mark.parametrize("minutes", [0, 30])
def test_starts_at_is_tokyo_time(db, minutes):
    event = make_event(start_date=datetime.date(2024, 1, 30), start_time=datetime.time(13, minutes))
    assert event.starts_at == datetime.datetime(2024, 1, 30, 13, minutes, tzinfo=TOKYO)
    assert timezone.localtime(event.starts_at).hour == 13


def test_ical_events_carry_their_last_change_and_an_edit_shows_at_once(client, db):
    event = make_event("講演会", slug="lecture-y", start_date=datetime.date(2023, 10, 7))
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2023, 9, 1, 12, 0, tzinfo=TOKYO)
    )
    url = reverse("events:event-list-ics")
    first = client.get(url).content
    assert client.get(url).content == first  # the same feed for the same events
    [vevent] = icalendar.Calendar.from_ical(first).walk("VEVENT")
    assert vevent.decoded("DTSTAMP") == datetime.datetime(2023, 9, 1, 3, 0, tzinfo=datetime.UTC)

    event.refresh_from_db()
    event.title = "第2回講演会"
    event.save()
    [edited] = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(edited["SUMMARY"]) == "第2回講演会"
    assert edited.decoded("DTSTAMP") > vevent.decoded("DTSTAMP")
