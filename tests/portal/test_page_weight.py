"""Every public page stays light on a phone: under 100 KB of HTML and 1,500 elements (Lighthouse
warns from 800 and fails from 1,400 elements of a mobile page's DOM), with the shipped data.

The pages are the sitemap's (both languages): the first few of each kind, every ward (their
pages list the most ties) and every agreement body (their pages carry the network's table)."""

import re
from collections import Counter

import pytest

from members.models import Municipality

MAX_BYTES = 100 * 1024
MAX_ELEMENTS = 1500
PER_KIND = 4


def sitemap_paths(client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    paths = []
    for section in re.findall(r"<loc>[^<]*?(/sitemap-[^<]+\.xml)</loc>", index):
        body = client.get(section).content.decode()
        paths += [
            re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", body)
        ]
    return paths


def kind(path: str) -> str:
    """/en/agreements/x/ → en/agreements/<page>: pages of one template count as one kind."""
    parts = [part for part in path.split("/") if part]
    language = "en/" if parts[:1] == ["en"] else ""
    parts = parts[1:] if language else parts
    return language + "/".join(parts[:1] + ["<page>"] * (len(parts) > 1))


@pytest.mark.django_db
def test_every_kind_of_public_page_is_under_100_kb_and_1500_elements(client, shipped_data):
    paths = sitemap_paths(client)
    assert len(paths) > 3000  # both languages of the register, the record and the library
    taken = Counter()
    chosen = []
    for path in paths:
        if taken[kind(path)] < PER_KIND:
            taken[kind(path)] += 1
            chosen.append(path)
    wards = Municipality.objects.special_wards()
    chosen += [ward.get_absolute_url() for ward in wards]
    chosen += [p for p in paths if re.fullmatch(r"(/en)?/agreements/[\w-]+/", p)]
    assert len(wards) == 23
    heavy = {}
    for path in dict.fromkeys(chosen):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content
        elements = len(re.findall(rb"<[a-zA-Z][^>]*>", html))
        if len(html) >= MAX_BYTES or elements >= MAX_ELEMENTS:
            heavy[path] = (len(html) // 1024, elements)
    assert not heavy, f"pages over budget (KB, elements): {heavy}"
