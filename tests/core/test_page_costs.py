"""Public pages do not redo work whose result only changes with the public record."""

import datetime

from django.test import Client

from events.ical import _fold
from events.models import Event
from tests.factories import make_event


def test_filter_choices_are_kept_until_the_record_changes(db, django_assert_num_queries):
    make_event("講演会", start_date=datetime.date(2024, 3, 31), slug="a")
    make_event("講演会", start_date=datetime.date(2024, 4, 1), slug="b")
    assert Event.objects.fiscal_years() == [2024, 2023]
    page = Client().get("/events/?kind=lecture").content.decode()
    assert "令和6年度" in page and "令和5年度" in page
    # Another page of the list: the choices are not read again.
    with django_assert_num_queries(2):  # the count and the page
        Client().get("/events/?kind=lecture&page=1")
    make_event("講演会", start_date=datetime.date(2030, 5, 1), slug="c")
    assert "令和12年度" in Client().get("/events/?kind=exhibition").content.decode()


def test_calendar_lines_fold_at_75_octets_between_characters():
    line = "DESCRIPTION:" + "東京23区と全国の市町村、" * 20 + "end"
    folded = _fold(line).split("\r\n")
    assert all(len(part.encode()) <= 75 for part in folded)
    assert all(part.startswith(" ") for part in folded[1:])
    assert "".join([folded[0], *(part[1:] for part in folded[1:])]) == line
    assert _fold("SUMMARY:short") == "SUMMARY:short"
