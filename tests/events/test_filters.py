"""/events/ filtered by agreement body, by ward and by municipality, and the event pages' links
back to each municipality, ward, body and corporate agreement they name."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import CorporateAgreement
from events.models import EventKind, TouringVenue
from members.models import MunicipalityKind
from tests.factories import make_body, make_event, make_municipality, make_prefecture, make_ward

LIST_URL = reverse("events:event-list")


def titles(response):
    return sorted(e.title for e in response.context["object_list"])


@pytest.fixture
def gunma(db):
    """群馬: its mayors' body, one of its cities and a town; 品川区; events naming each."""
    prefecture = make_prefecture("10", "群馬県")
    city = make_municipality("高崎市", prefecture=prefecture, kind=MunicipalityKind.CITY)
    town = make_municipality("草津町", prefecture=prefecture, kind=MunicipalityKind.TOWN)
    mayors = make_body(prefecture, "mayors", name="群馬県市長会", slug="gunma-mayors")
    ward = make_ward()
    other_ward = make_ward("目黒区", "131105", "メグロク")
    exhibition = make_event(
        "全国連携展示（群馬県市町村）", kind=EventKind.EXHIBITION, slug="exhibition-gunma"
    )
    exhibition.participating_bodies.add(mayors)
    TouringVenue.objects.create(event=exhibition, order=1, venue="品川区", municipality=ward)
    lecture = make_event("全国連携講演会", slug="lecture-takasaki")
    lecture.participating_municipalities.add(city)
    festival = make_event("祭り", kind=EventKind.FESTIVAL, slug="festival-kusatsu")
    festival.participating_municipalities.add(town)
    make_event("関係のない催し", kind=EventKind.PROMOTION, slug="unrelated")
    return {
        "city": city,
        "town": town,
        "body": mayors,
        "ward": ward,
        "other_ward": other_ward,
        "exhibition": exhibition,
    }


def test_filters_by_body_ward_and_municipality(client, gunma):
    assert titles(client.get(LIST_URL, {"body": "gunma-mayors"})) == [
        "全国連携展示（群馬県市町村）"
    ]
    assert titles(client.get(LIST_URL, {"ward": "131091"})) == ["全国連携展示（群馬県市町村）"]
    assert titles(client.get(LIST_URL, {"ward": "131105"})) == []
    # A city: the lecture it spoke at, and the exhibition of its body (as on its page).
    city = client.get(LIST_URL, {"municipality": gunma["city"].code})
    assert titles(city) == ["全国連携展示（群馬県市町村）", "全国連携講演会"]
    assert f'href="{gunma["city"].get_absolute_url()}"' in city.content.decode()
    # A town is not a member of the mayors' body: only its own festival.
    assert titles(client.get(LIST_URL, {"municipality": gunma["town"].code})) == ["祭り"]
    # Filters combine.
    both = client.get(LIST_URL, {"municipality": gunma["city"].code, "kind": "lecture"})
    assert titles(both) == ["全国連携講演会"]


@pytest.mark.parametrize(
    "params",
    [
        {"body": "no-such-body"},
        {"ward": "016683"},  # a code, but not a ward's
        {"ward": "<script>"},
        {"municipality": "999999"},
        {"municipality": "abc"},
        {"municipality": "13109"},  # five digits
    ],
)
def test_unknown_values_are_a_form_error_not_a_500(client, gunma, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert titles(response) == []
    calendar = client.get(reverse("events:event-list-ics"), params)
    assert calendar.status_code == 200 and b"VEVENT" not in calendar.content


def test_filtered_list_query_count_does_not_grow(client, gunma, assert_queries_constant):
    def grow(index):
        event = make_event(
            f"展示{index}", kind=EventKind.EXHIBITION, start_date=datetime.date(2019, 5, 1)
        )
        event.participating_bodies.add(gunma["body"])
        TouringVenue.objects.create(
            event=event, order=1, venue="品川区", municipality=gunma["ward"]
        )
        event.participating_municipalities.add(gunma["city"])

    responses = assert_queries_constant(
        LIST_URL,
        grow,
        large=30,
        max_queries=8,  # the list's 5, the chosen body, ward or municipality, and its body
        params=[
            {"body": "gunma-mayors"},
            {"ward": "131091"},
            {"municipality": gunma["city"].code},
        ],
    )
    assert [r.context["paginator"].count for r in responses] == [
        31,
        31,
        32,
    ]  # and the lecture the city spoke at


def test_event_page_links_back_to_what_it_names(client, gunma):
    agreement = CorporateAgreement.objects.create(
        company="明治安田生命保険相互会社",
        signed_on=datetime.date(2022, 3, 29),
        initiatives="全国連携展示の開催",
    )
    exhibition = gunma["exhibition"]
    exhibition.corporate_agreement = agreement
    exhibition.participating_municipalities.add(gunma["city"])
    exhibition.save()
    page = client.get(exhibition.get_absolute_url()).content.decode()
    for target in (gunma["body"], gunma["ward"], gunma["city"]):
        assert f'href="{target.get_absolute_url()}"' in page, target
    assert f'href="{agreement.get_absolute_url()}"' in page
    assert "明治安田生命保険相互会社との包括連携協定" in page
