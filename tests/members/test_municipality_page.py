"""A municipality's public page links its agreement body (and the body's PR corner) and lists
its collaborations; apps above members add these sections without members importing them."""

import datetime

from django.urls import reverse

from bulletin.models import Collaboration
from tests.factories import make_body, make_municipality, make_prefecture, make_ward


def test_a_town_page_links_its_body_and_its_collaborations(client, db):
    hokkaido = make_prefecture("01", "北海道")
    shiranuka = make_municipality("白糠町", prefecture=hokkaido, kind="town", code="016683")
    body = make_body(hokkaido, "towns")
    shinagawa = make_ward()
    collaboration = Collaboration.objects.create(
        slug="shiranuka-crab",
        title="白糠町の黄金がにフェア",
        summary="区の商店街で物産を販売",
        field="tourism",
        prefecture=hokkaido,
        fiscal_year=2019,
        started_on=datetime.date(2019, 10, 1),
    )
    collaboration.wards.add(shinagawa)
    collaboration.municipalities.add(shiranuka)

    response = client.get(shiranuka.get_absolute_url())
    assert response.status_code == 200
    body_html = response.content.decode()
    assert body.get_absolute_url() in body_html
    assert reverse("agreements:body-pr", kwargs={"slug": body.slug}) in body_html
    assert collaboration.get_absolute_url() in body_html and "品川区" in body_html

    # The ward's own page lists the same collaboration from its side.
    assert (
        collaboration.get_absolute_url()
        in client.get(shinagawa.get_absolute_url()).content.decode()
    )


def test_a_city_without_body_or_collaborations_says_none_is_recorded(client, db):
    city = make_municipality("坂井市", kind="city")
    body_html = client.get(city.get_absolute_url()).content.decode()
    assert 'id="municipality-body"' not in body_html
    # Not left out: the page says that the portal records none (yet).
    assert "この自治体の連携事業は、まだポータルに記録されていません。" in body_html
    assert "この自治体が参加した催し・展示は、まだポータルに記録されていません。" in body_html


def test_the_page_query_count_does_not_grow_with_collaborations(
    client, db, assert_queries_constant
):
    hokkaido = make_prefecture("01", "北海道")
    town = make_municipality("白糠町", prefecture=hokkaido, kind="town", code="016683")
    ward = make_ward()

    def grow(index):
        collaboration = Collaboration.objects.create(
            slug=f"c-{index}",
            title=f"事業{index}",
            summary="…",
            field="tourism",
            prefecture=hokkaido,
            fiscal_year=2020,
        )
        collaboration.wards.add(ward)
        collaboration.municipalities.add(town)

    # The events it took part in (its body, the newest events, the counts of all: 3) and the
    # disaster support (1).
    (response,) = assert_queries_constant(town.get_absolute_url(), grow, large=17, max_queries=10)
    assert "事業16" in response.content.decode()
