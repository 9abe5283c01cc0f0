"""/agreements/ and a body's page cold, right after a write that bumps the public pages' stamp:
the page and what is memoized under the stamp (the map, the filter choices) are rebuilt, in the
same number of queries with ten times the bodies and members. Warm, they read none."""

import datetime

from agreements.models import CorporateAgreement
from members.models import Municipality, MunicipalityKind
from tests.factories import make_body, make_municipality, make_prefecture

from .test_views import LIST_URL, build_gunma


def cold_request(budget, url):
    """(response, queries) of the first request after a write, once the page was stored."""
    budget.client.get(url)
    hit, warm = budget.count(url)
    assert getattr(hit, "public_cache", None) == "hit" and warm == 0
    Municipality.objects.order_by("pk").first().save()  # any write to the register
    response, cold = budget.count(url)
    assert response.status_code == 200
    assert getattr(response, "public_cache", None) != "hit" and cold > 0
    return response, cold


def test_the_list_and_a_body_page_cold_at_2_and_20_prefectures(db, assert_queries_constant):
    gunma = build_gunma()
    towns = make_body(gunma, "towns", name="群馬県町村会")
    make_body(gunma, "mayors")

    def grow(start, stop):
        for index in range(start, stop):
            prefecture = make_prefecture(str(20 + index))
            make_municipality(prefecture=prefecture, kind=MunicipalityKind.CITY)
            make_body(prefecture, "mayors")
            make_body(prefecture, "towns")
            make_municipality(f"新町{index}", prefecture=gunma, kind=MunicipalityKind.TOWN)
            CorporateAgreement.objects.create(
                company=f"会社{index}", signed_on=datetime.date(2020, 1, 1), initiatives="取組み"
            )

    urls = [LIST_URL, towns.get_absolute_url()]
    grow(0, 2)
    small = [cold_request(assert_queries_constant, url)[1] for url in urls]
    grow(2, 20)
    large = [cold_request(assert_queries_constant, url) for url in urls]
    assert [queries for _, queries in large] == small
    assert small[0] <= 12 and small[1] <= 14  # as test_views.py counts them
    listing, body = (response.content.decode() for response, _ in large)
    assert "会社19" in listing
    assert "新町19" in body
