"""/api/v1/ties/: the register of ties as open data, public kinds only, in the OpenAPI document."""

import datetime

import pytest
import yaml

from network.models import PUBLIC_KINDS, Tie, TieKind
from tests.factories import make_municipality, make_prefecture, make_ward


@pytest.fixture
def register(db):
    fukui = make_prefecture("18", "福井県")
    hokkaido = make_prefecture("01", "北海道")
    sakai = make_municipality("坂井市", prefecture=fukui, kind="city", code="182109")
    shiranuka = make_municipality("白糠町", prefecture=hokkaido, code="016683")
    shinagawa = make_ward()
    meguro = make_ward("目黒区", code="131105", kana="メグロク")
    friendship = Tie.objects.create(
        slug="shinagawa-sakai",
        ward=shinagawa,
        kind=TieKind.FRIENDSHIP,
        since=datetime.date(2015, 11, 18),
        source="資料",
        note="担当者メモ：非公開",
    )
    friendship.municipalities.set([sakai])
    area = Tie.objects.create(
        slug="meguro-tokachi", ward=meguro, kind=TieKind.WIDE_AREA, area_name="北海道十勝地域"
    )
    area.municipalities.set([shiranuka])
    return friendship, area


def schema(api):
    return yaml.safe_load(api.get("/api/v1/schema/").content)


def test_the_list_gives_each_tie_with_its_ward_partners_and_kind(api, register):
    response = api.get("/api/v1/ties/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first = next(row for row in data["results"] if row["slug"] == "shinagawa-sakai")
    assert first["ward"] == "131091" and first["ward_name"] == "品川区"
    assert first["kind"] == "friendship" and first["kind_label"] == "友好都市・姉妹都市"
    assert first["municipalities"] == [{"code": "182109", "name": "坂井市"}]
    assert first["since"] == "2015-11-18" and first["since_era"] == "平成27年11月18日"
    assert first["body"] is None
    assert "note" not in first and "担当者メモ" not in response.content.decode()
    area = next(row for row in data["results"] if row["slug"] == "meguro-tokachi")
    assert area["since"] is None and area["since_era"] is None


def test_filters_by_ward_prefecture_and_kind(api, register):
    def slugs(**query):
        return [row["slug"] for row in api.get("/api/v1/ties/", query).json()["results"]]

    assert slugs(ward="131105") == ["meguro-tokachi"]
    assert slugs(prefecture="18") == ["shinagawa-sakai"]
    assert slugs(kind="wide_area") == ["meguro-tokachi"]
    assert slugs(prefecture="99") == []
    assert api.get("/api/v1/ties/", {"kind": "secret"}).status_code == 400


def test_paginated_like_the_other_resources(api, register):
    data = api.get("/api/v1/ties/", {"page_size": 1}).json()
    assert data["count"] == 2 and len(data["results"]) == 1 and data["next"]
    assert api.get("/api/v1/ties/", {"page": 99}).status_code == 404


def test_a_record_and_its_csv(api, register):
    assert api.get("/api/v1/ties/shinagawa-sakai/").json()["ward_name"] == "品川区"
    assert api.get("/api/v1/ties/nothing/").status_code == 404
    csv = api.get("/api/v1/ties/", {"format": "csv"})
    assert csv.status_code == 200 and "shinagawa-sakai" in csv.content.decode("utf-8-sig")


def test_every_public_kind_is_published(api, register):
    assert set(TieKind.values) == PUBLIC_KINDS


def test_the_schema_documents_the_resource_and_its_nullable_fields(api, register):
    document = schema(api)
    assert "/api/v1/ties/" in document["paths"] and "/api/v1/ties/{slug}/" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/ties/"]["get"]["parameters"]}
    assert {"ward", "prefecture", "kind", "page", "page_size"} <= parameters
    properties = document["components"]["schemas"]["Tie"]["properties"]
    row = api.get("/api/v1/ties/meguro-tokachi/").json()
    assert set(row) == set(properties)
    for name, value in row.items():
        if value is None:
            assert properties[name].get("nullable"), name
    for name in ("since", "since_era", "body"):
        assert properties[name].get("nullable"), name
    assert "/api/v1/ties/" in api.get("/api/v1/").json()["resources"]["ties"]["url"]


def test_an_ended_tie_is_not_listed(api, register):
    friendship, _area = register
    Tie.objects.filter(pk=friendship.pk).update(retired_on=datetime.date(2024, 3, 31))
    slugs = [row["slug"] for row in api.get("/api/v1/ties/").json()["results"]]
    assert slugs == ["meguro-tokachi"]
    assert api.get("/api/v1/ties/shinagawa-sakai/").status_code == 404
