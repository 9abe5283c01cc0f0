"""The sitemap names each page in both languages, with hreflang alternates as the pages do."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_event

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def urls(client, path) -> dict[str, dict[str, str]]:
    """{location: {hreflang: href}} of a sitemap section, read as XML."""
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own output
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("s:url", NS)
    }


@pytest.mark.parametrize(
    ("section", "path"),
    [("pages", "/timeline/"), ("events", "/events/lecture-2099/")],
)
def test_each_page_is_listed_in_both_languages_with_its_alternates(client, db, section, path):
    make_event("第1回全国連携講演会", start_date=datetime.date(2099, 8, 28), slug="lecture-2099")
    found = urls(client, f"/sitemap-{section}.xml")
    japanese, english = f"http://testserver{path}", f"http://testserver/en{path}"
    expected = {"ja": japanese, "en": english, "x-default": japanese}
    assert found[japanese] == expected
    assert found[english] == expected


def test_every_section_has_alternates_for_every_url(client, db):
    make_event()
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert len(sections) == 9  # with the disasters' public record and the surveys' results
    for section in sections:
        for location, alternates in urls(client, section.removeprefix("http://testserver")).items():
            assert set(alternates) == {"ja", "en", "x-default"}, location
            assert location in (alternates["ja"], alternates["en"])


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-events.xml", "/sitemap-pages.xml"])
def test_the_sitemap_costs_the_same_queries_whatever_the_number_of_events(
    path, db, assert_queries_constant
):
    (response,) = assert_queries_constant(
        path,
        lambda i: make_event(f"講演会{i}", slug=f"lecture-{i}"),
        small=2,
        large=30,
        max_queries=10,  # one count per section of the index
    )
    assert response["Content-Type"].startswith("application/xml")


def test_a_second_visitor_gets_a_section_from_the_cache(db, django_assert_num_queries):
    from django.test import Client

    make_event()
    first = Client().get("/sitemap-events.xml")
    with django_assert_num_queries(0):
        second = Client().get("/sitemap-events.xml")
    assert getattr(second, "public_cache", None) == "hit"
    assert second.content == first.content and b'hreflang="en"' in second.content


def test_a_published_surveys_results_are_listed_and_an_unpublished_survey_is_not(client, db):
    from tests.surveys.conftest import make_survey

    published = make_survey(
        slug="published-2025",
        opens_in=-datetime.timedelta(days=30),
        closes_in=-datetime.timedelta(days=1),
        results_published=True,
    )
    make_survey(
        slug="unpublished-2025",
        opens_in=-datetime.timedelta(days=30),
        closes_in=-datetime.timedelta(days=1),
    )
    found = urls(client, "/sitemap-surveys.xml")
    assert set(found) == {
        f"http://testserver{published.get_absolute_url()}",
        f"http://testserver/en{published.get_absolute_url()}",
    }
    assert "http://testserver/surveys/" in urls(client, "/sitemap-pages.xml")
