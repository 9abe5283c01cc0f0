"""The open-data API's lists and records read a fixed number of queries at two data sizes (the
first, cold request after a write; a warm one reads none, tests/opendata/test_api_cache.py)."""

import datetime

from bulletin.models import ProposalField
from tests.bulletin.test_collaboration_results import indicator
from tests.bulletin.test_collaborations import make_collaboration
from tests.factories import (
    make_body,
    make_event,
    make_municipality,
    make_prefecture,
    make_ward,
)


def test_events_list_and_record_do_not_grow_with_the_events(db, api, assert_queries_constant):
    hokkaido = make_prefecture("01", "北海道")
    towns = make_body(hokkaido, "towns")
    make_event("全国連携講演会", slug="lecture-2023")

    def grow(index):
        event = make_event(f"巡回展示{index}", kind="exhibition")
        event.participating_bodies.add(towns)
        event.participating_municipalities.add(make_municipality(prefecture=hokkaido))

    listing, record = assert_queries_constant(
        lambda path: api.get(path),
        grow,
        small=4,
        large=40,
        max_queries=8,
        params=["/api/v1/events/", "/api/v1/events/lecture-2023/"],
    )
    assert listing.json()["count"] == 41
    assert record.json()["title"] == "全国連携講演会"


def test_a_prefectures_municipalities_do_not_grow_the_queries(db, api, assert_queries_constant):
    hokkaido = make_prefecture("01", "北海道")
    aomori = make_prefecture("02", "青森県")
    make_municipality("白糠町", prefecture=hokkaido, code="016683")

    def grow(index):
        make_municipality(f"町{index}", prefecture=hokkaido)
        make_municipality(f"村{index}", prefecture=aomori)

    listing, record = assert_queries_constant(
        lambda path: api.get(path),
        grow,
        small=4,
        large=40,
        max_queries=6,
        params=["/api/v1/municipalities/?prefecture=01", "/api/v1/municipalities/016683/"],
    )
    assert listing.json()["count"] == 41
    assert record.json()["name"] == "白糠町"


def test_collaborations_do_not_grow_the_queries(db, api, assert_queries_constant):
    hokkaido = make_prefecture("01", "北海道")
    shinagawa = make_ward()
    kushiro = make_municipality("釧路市", prefecture=hokkaido, kind="city", code="012068")
    make_collaboration(
        "kushiro",
        wards=[shinagawa],
        municipalities=[kushiro],
        prefecture=hokkaido,
        fiscal_year=2015,
        field=ProposalField.TOURISM,
    )

    def grow(index):
        collaboration = make_collaboration(
            f"c{index}",
            wards=[shinagawa, make_ward(f"区{index}", f"9{index:05d}")],
            municipalities=[kushiro, make_municipality(prefecture=hokkaido)],
            prefecture=hokkaido,
            fiscal_year=2016 + index % 5,
            field=ProposalField.TOURISM,
            started_on=datetime.date(2016, 4, 1),
        )
        indicator(collaboration, name=f"指標{index}")

    listing, record = assert_queries_constant(
        lambda path: api.get(path),
        grow,
        small=4,
        large=40,
        max_queries=10,
        params=["/api/v1/collaborations/", "/api/v1/collaborations/kushiro/"],
    )
    assert listing.json()["count"] == 41
    assert record.json()["slug"] == "kushiro"
