"""Events in both languages: the fiscal-year filter and the dates."""

import datetime

from tests.factories import make_event


def test_english_event_list_offers_fiscal_years_in_english(client, db):
    make_event("全国連携講演会", start_date=datetime.date(2023, 8, 28), slug="lecture-2023")
    body = client.get("/en/events/").content.decode()
    assert '<option value="2023">FY2023</option>' in body
    assert "28 Aug 2023" in body
    assert "年度" not in body and "令和" not in body
    japanese = client.get("/events/").content.decode()
    assert '<option value="2023">令和5年度</option>' in japanese
    assert "令和5年8月28日（2023年8月28日）" in japanese
