"""Event pages describe themselves for sharing; both Atom feeds name an author (RFC 4287)."""

import re

import feedparser
import pytest

from tests.factories import make_event


@pytest.mark.django_db
def test_an_event_page_carries_its_own_description(client):
    event = make_event(summary="全国の自治体と特別区が集う講演会です。\n地域の魅力を語ります。")
    body = client.get(event.get_absolute_url()).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', body).group(1)
    og = re.search(r'<meta property="og:description" content="([^"]*)"', body).group(1)
    assert description.startswith("全国の自治体と特別区が集う講演会です。")
    assert og == " ".join(description.split())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/events/feed.atom", "/news/feed.atom"])
def test_both_atom_feeds_name_an_author(client, path):
    make_event()
    feed = feedparser.parse(client.get(path).content)
    assert feed.feed.get("author") == "特別区長会事務局", feed.feed
