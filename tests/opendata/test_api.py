import csv
import io
import time

import yaml
from django.core.cache import cache
from django.test import override_settings
from django.utils.http import http_date
from openapi_spec_validator import validate

from agreements.models import AgreementBody
from opendata import changes


def all_rows(api, url):
    rows = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, url
        data = response.json()
        rows += data["results"]
        url = data["next"]
    return rows


def test_the_openapi_document_validates_and_describes_every_resource(shipped_data, api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["info"]["license"]["name"] == "CC BY 4.0"
    for path in [
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{code}/",
        "/api/v1/prefectures/",
        "/api/v1/agreement-bodies/{slug}/",
        "/api/v1/corporate-agreements/",
        "/api/v1/events/{slug}/",
        "/api/v1/timeline/",
        "/api/v1/partner-counts/",
        "/api/v1/project-counts/",
        "/api/v1/disaster-support/",
        "/api/v1/collaborations/{slug}/",
    ]:
        assert path in document["paths"], path


def test_the_documentation_page_uses_only_the_portals_own_files(shipped_data, api):
    response = api.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html and "jsdelivr" not in html
    script = api.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert script.status_code == 200
    script.close()


def test_the_register_holds_1741_municipalities_and_the_bodies_372_members(shipped_data, api):
    municipalities = all_rows(api, "/api/v1/municipalities/?page_size=500")
    assert len(municipalities) == 1741
    assert len({m["code"] for m in municipalities}) == 1741
    shiranuka = next(m for m in municipalities if m["code"] == "016683")
    assert shiranuka | {"url": None} == {
        "code": "016683",
        "name": "白糠町",
        "kana": "シラヌカチョウ",
        "romaji": "Shiranuka-cho",
        "kind": "town",
        "kind_label": "町",
        "prefecture": "01",
        "prefecture_name": "北海道",
        "latitude": 42.956177,
        "longitude": 144.071805,
        "is_portal_member": False,
        "url": None,
    }
    bodies = all_rows(api, "/api/v1/agreement-bodies/")
    assert len(bodies) == 13
    assert sum(len(body["members"]) for body in bodies) == 372
    assert all(len(body["members"]) == body["member_count"] for body in bodies)
    gunma = next(body for body in bodies if body["name"] == "群馬県市長会")
    assert gunma["signed_on"][:4].isdigit() and gunma["signed_on_era"].startswith("平成")


def test_lists_filter_as_the_pages_do(shipped_data, api):
    found = api.get("/api/v1/municipalities/", {"q": "しらぬか"}).json()
    assert [m["name"] for m in found["results"]] == ["白糠町"]
    fukui_cities = api.get("/api/v1/municipalities/", {"prefecture": "18", "kind": "city"}).json()
    assert fukui_cities["count"] == 9
    lectures = api.get("/api/v1/events/", {"kind": "lecture", "fiscal_year": "2023"}).json()
    assert lectures["count"] == 2
    assert all(e["fiscal_year_label"] == "令和5年度" for e in lectures["results"])
    timeline = api.get("/api/v1/timeline/", {"year": "2019"}).json()
    assert timeline["count"] and all(e["date"].startswith("2019") for e in timeline["results"])
    sakai = api.get("/api/v1/collaborations/", {"prefecture": "18"}).json()
    assert any("黄金がに" in c["title"] for c in sakai["results"])
    assert api.get("/api/v1/events/", {"kind": "no-such-kind"}).status_code == 400


def test_events_filter_by_body_ward_and_municipality_as_the_list_does(shipped_data, api):
    shinagawa = api.get("/api/v1/events/", {"ward": "131091", "kind": "exhibition"}).json()
    assert shinagawa["count"] == 6  # the exhibitions it hosted a touring stop of
    gunma = all_rows(api, "/api/v1/events/?body=gunma-mayors")
    assert "exhibition-2019-1" in {e["slug"] for e in gunma}
    kesennuma = all_rows(api, "/api/v1/events/?municipality=042056")
    assert [e["slug"] for e in kesennuma] == ["lecture-2023-1"]
    assert api.get("/api/v1/events/", {"ward": "016683"}).status_code == 400  # not a ward
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"body", "ward", "municipality"} <= parameters


def test_exhibitions_carry_their_touring_venues(shipped_data, api):
    exhibitions = all_rows(api, "/api/v1/events/?kind=exhibition")
    touring = [e for e in exhibitions if e["touring_venues"]]
    assert touring, "the fixture has touring exhibitions"
    venue = touring[0]["touring_venues"][0]
    assert set(venue) == {
        "venue",
        "order",
        "municipality",
        "municipality_name",
        "start_date",
        "end_date",
    }


def test_conditional_get_answers_304_to_a_matching_etag_or_date(shipped_data, api):
    first = api.get("/api/v1/prefectures/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert api.get("/api/v1/prefectures/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    not_modified = api.get("/api/v1/prefectures/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"
    assert api.get("/api/v1/prefectures/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_change_to_the_record_moves_last_modified_on(shipped_data, api, monkeypatch):
    before = api.get("/api/v1/agreement-bodies/")
    # The change happens a minute later (HTTP dates have whole seconds).
    later = time.time() + 60
    monkeypatch.setattr(changes, "time", type("Clock", (), {"time": staticmethod(lambda: later)}))
    body = AgreementBody.objects.get(name="群馬県市長会")
    body.note = "更新"
    body.save()
    after = api.get("/api/v1/agreement-bodies/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]
    assert after["Last-Modified"] == http_date(int(later))


def test_a_new_release_moves_last_modified_on(shipped_data, api, request):
    before = api.get("/api/v1/agreement-bodies/")
    request.getfixturevalue("new_release_a_minute_later")
    after = api.get("/api/v1/agreement-bodies/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]


def test_cors_allows_get_from_any_origin(shipped_data, api):
    response = api.get("/api/v1/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/events/",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert api.post("/api/v1/events/", {}).status_code == 405


def test_every_list_downloads_as_csv_with_a_bom(shipped_data, api):
    root = api.get("/api/v1/").json()
    for name, links in root["resources"].items():
        response = api.get(links["csv"])
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"].startswith("attachment")
        assert response.content.startswith(b"\xef\xbb\xbf"), name
    rows = list(
        csv.reader(
            io.StringIO(api.get("/api/v1/municipalities/?format=csv").content.decode("utf-8-sig"))
        )
    )
    assert len(rows) == 1 + 1741  # a header and every row, not one page
    assert rows[0][:3] == ["code", "name", "kana"]


def test_the_footer_links_to_the_api_and_states_the_licence(shipped_data, client):
    html = client.get("/").content.decode()
    assert 'href="/api/v1/docs/"' in html
    assert 'rel="license"' in html and "CC BY 4.0" in html
    with override_settings(OPENDATA_LICENCE_NAME="CC BY 2.1 JP"):
        cache.clear()  # a new setting comes with a deploy, which starts from an empty page cache
        assert "CC BY 2.1 JP" in client.get("/").content.decode()


def test_list_queries_do_not_grow_with_the_rows(shipped_data, api, django_assert_max_num_queries):
    for url in [
        "/api/v1/municipalities/?page_size=500",
        "/api/v1/events/",
        "/api/v1/timeline/",
        "/api/v1/collaborations/",
    ]:
        with django_assert_max_num_queries(12):
            assert api.get(url).status_code == 200


def test_the_collaboration_page_still_filters_after_the_schema_was_generated(
    shipped_data, api, client
):
    api.get("/api/v1/schema/")  # builds the shared FilterSet's form fields once
    page = client.get("/collaborations/", {"prefecture": "18"})
    assert page.status_code == 200
    assert "黄金がに" in page.content.decode()
    assert api.get("/api/v1/collaborations/", {"ward": "131091"}).json()["count"] >= 1


def test_a_page_or_page_size_below_one_is_refused_as_the_document_says(shipped_data, api):
    document = api.get("/api/v1/schema/?format=json").json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/timeline/"]["get"]["parameters"]}
    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert {"400", "404", "429"} <= set(document["paths"]["/api/v1/timeline/"]["get"]["responses"])

    for query, name in [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
    ]:
        response = api.get("/api/v1/timeline/", query)
        assert response.status_code == 400, query
        assert list(response.json()) == [name]
    assert api.get("/api/v1/timeline/", {"page": "9999"}).status_code == 404
    assert len(api.get("/api/v1/timeline/", {"page_size": "1"}).json()["results"]) == 1
    assert len(api.get("/api/v1/municipalities/", {"page_size": "900"}).json()["results"]) == 500
    assert api.get("/api/v1/timeline/", {"page": "last", "page_size": "1"}).status_code == 200


def test_a_timeline_entry_about_nothing_in_particular_says_null_as_documented(shipped_data, api):
    document = api.get("/api/v1/schema/?format=json").json()
    fields = document["components"]["schemas"]["TimelineEntry"]["properties"]
    entries = all_rows(api, "/api/v1/timeline/?page_size=500")
    for name in ["event", "agreement_body", "corporate_agreement"]:
        assert fields[name]["nullable"] is True
        assert any(entry[name] is None for entry in entries)
        assert any(entry[name] is not None for entry in entries)


def test_an_address_under_the_api_that_no_route_matches_answers_json(shipped_data, api):
    for url, status in [
        ("/api/v1/no-such-resource/", 404),
        ("/api/v1/timeline/0.5/", 404),
        ("/api/v1/timeline/?year=%00", 400),  # refused by the middleware, before any view
    ]:
        response = api.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json()["detail"]
    # The site's own pages keep their HTML error pages.
    assert api.get("/no-such-page/")["Content-Type"].startswith("text/html")
