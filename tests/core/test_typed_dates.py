"""Dates as people type and read them: in the admin's forms and lists, in both languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.dates import parse_era_date
from core.forms import EraDateField
from core.templatetags.japanese_dates import era_date_western, fiscal_year
from events.models import Event
from record.models import TimelineEntry
from tests.factories import make_secretariat, pass_second_factor

AUG_1 = datetime.date(2024, 8, 1)


@pytest.mark.parametrize(
    "typed", ["2024-08-01", "2024/08/01", "2024/8/1", "2024年8月1日", "令和6年8月1日", "R6.8.1"]
)
def test_the_date_field_takes_what_people_type(typed):
    assert EraDateField().clean(typed) == AUG_1


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("令和元年5月1日", datetime.date(2019, 5, 1)),
        ("平成31年4月30日", datetime.date(2019, 4, 30)),
        ("平成26年9月10日", datetime.date(2014, 9, 10)),
        ("令和６年８月１日", AUG_1),  # full-width digits
    ],
)
def test_era_dates_parse_across_the_change_of_era(typed, day):
    assert parse_era_date(typed) == day


@pytest.mark.parametrize("typed", ["令和元年4月30日", "平成32年1月1日", "令和6年2月30日", "昨日"])
def test_a_day_outside_its_era_or_calendar_is_refused(typed):
    assert parse_era_date(typed) is None
    with pytest.raises(Exception, match="日付を正しく入力してください|Enter a valid date"):
        EraDateField().clean(typed)


def test_english_shows_english_dates_and_fiscal_years():
    with translation.override("en"):
        assert era_date_western(AUG_1) == "1 Aug 2024"
        assert era_date_western(AUG_1, "month") == "Aug 2024"
        assert era_date_western(AUG_1, "fiscal_year") == "FY2024"
        assert fiscal_year(2023) == "FY2023"
    with translation.override("ja"):
        assert era_date_western(AUG_1) == "令和6年8月1日（2024年8月1日）"
        assert era_date_western(datetime.date(2021, 3, 1), "fiscal_year") == "令和2年度"
        assert fiscal_year(2019) == "令和元年度"


@pytest.fixture
def admin_client(client, db):
    pass_second_factor(client, make_secretariat())
    return client


def test_the_admin_saves_an_event_typed_in_the_era(admin_client):
    response = admin_client.post(
        reverse("admin:events_event_add"),
        {
            "slug": "lecture-2024-1",
            "kind": "lecture",
            "title": "全国連携講演会",
            "start_date": "令和6年8月1日",
            "end_date": "2024/8/1",
            "date_precision": "day",
            "status": "scheduled",
            "organisers-TOTAL_FORMS": "0",
            "organisers-INITIAL_FORMS": "0",
            "programme_items-TOTAL_FORMS": "0",
            "programme_items-INITIAL_FORMS": "0",
            "touring_venues-TOTAL_FORMS": "0",
            "touring_venues-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    # The time fields are there for the events whose documents give a time.
    assert b'name="start_time"' in admin_client.get(reverse("admin:events_event_add")).content
    event = Event.objects.get(slug="lecture-2024-1")
    assert (event.start_date, event.end_date) == (AUG_1, AUG_1)


def test_admin_lists_show_dates_in_the_era_with_the_western_year(admin_client):
    TimelineEntry.objects.create(
        date=datetime.date(2021, 1, 1), precision="month", kind="publicity", title="X開設"
    )
    TimelineEntry.objects.create(date=AUG_1, kind="meeting", title="区長会総会")
    response = admin_client.get(reverse("admin:record_timelineentry_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "令和6年8月1日（2024年8月1日）" in body
    assert "令和3年1月（2021年1月）" in body  # month precision: no invented day
    # The column still sorts by the date.
    assert "o=1" in body or "?o=" in body
