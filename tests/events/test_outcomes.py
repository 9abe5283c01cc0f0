"""What each event achieved: figures on the event page, fiscal-year totals on /partners/,
the events that only the timeline named, and what a corporate agreement led to."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import CorporateAgreement
from disaster.models import DocumentedSupport
from events.models import Event
from record.models import TimelineEntry
from tests.factories import make_event


@pytest.mark.django_db
def test_an_event_page_shows_its_outcomes(client):
    event = make_event(
        "第1回魅力発信イベント",
        kind="promotion",
        start_date=datetime.date(2017, 9, 9),
        municipalities_taking_part=85,
        visitors=20000,
        figures_approximate=True,
        outcome_report="浅草で開催しました。",
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "実績" in page
    assert "<dd>85</dd>" in page
    assert "約20,000人" in page
    assert "浅草で開催しました。" in page


@pytest.mark.django_db
def test_the_partner_page_totals_each_fiscal_year(client):
    make_event(
        "A", start_date=datetime.date(2017, 9, 9), municipalities_taking_part=85, visitors=20000
    )
    make_event(
        "B", start_date=datetime.date(2018, 3, 1), municipalities_taking_part=101, visitors=40000
    )
    make_event("C", start_date=datetime.date(2018, 4, 1), attendees=100)  # the next fiscal year
    make_event("D", start_date=datetime.date(2017, 12, 5))  # no figures
    response = client.get(reverse("record:partner-counts"))
    rows = {row["fiscal_year_label"]: row for row in response.context["event_outcomes"]}
    assert rows["平成29年度"]["municipalities"] == 186
    assert rows["平成29年度"]["visitors"] == 60000
    assert rows["平成29年度"]["events"] == 3
    assert rows["平成30年度"]["attendees"] == 100
    assert "60,000" in response.content.decode()


@pytest.mark.django_db
def test_the_seeded_outcomes_and_participations(client, shipped_data):
    first = Event.objects.get(slug="promotion-2017-1")
    assert (first.municipalities_taking_part, first.visitors) == (85, 20000)
    assert Event.objects.get(slug="promotion-2017-2").municipalities_taking_part == 101
    assert Event.objects.get(slug="lecture-2017-1").attendees == 100
    rows = {
        row["fiscal_year_label"]: row
        for row in client.get(reverse("record:partner-counts")).context["event_outcomes"]
    }
    assert rows["平成29年度"]["municipalities"] == 186
    assert rows["平成29年度"]["visitors"] == 60000

    # Participations that were only in the timeline are events now, linked from their entry.
    negi = TimelineEntry.objects.get(title__contains="ねぎサミット")
    assert negi.event.start_date == datetime.date(2016, 11, 26)
    suigen = TimelineEntry.objects.get(title__contains="水源の里")
    assert suigen.event.start_date == datetime.date(2018, 11, 1)
    assert Event.objects.filter(kind="relationship", title__contains="十勝").count() == 3
    assert Event.objects.filter(kind="relationship").exclude(title__contains="十勝").count() == 4

    daiichi = CorporateAgreement.objects.get(company="第一生命保険株式会社")
    assert len(daiichi.area_list) == 6
    business = Event.objects.get(slug="participation-2018-business")
    assert business.corporate_agreement == daiichi
    assert business.companies_taking_part == 3000
    page = client.get(reverse("agreements:body-list")).content.decode()
    assert "協定から生まれた催し" in page
    assert "地域創生 ビジネス交流会 ２０１８" in page
    assert "特別区全国連携プロジェクトの情報発信に関すること" in page

    donations = dict(
        DocumentedSupport.objects.filter(ward_donations_yen__isnull=False).values_list(
            "disaster__name", "ward_donations_yen"
        )
    )
    assert donations == {"東日本大震災": 3_740_250_000, "平成28年熊本地震": 306_880_000}
    assert "3,740,250,000円" in client.get(reverse("record:disaster-support")).content.decode()
