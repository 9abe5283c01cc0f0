"""The network map on the agreements pages, the top page's small map and the data behind it."""

import json
import re

import pytest

from agreements.models import AgreementBody
from members.models import Municipality
from network.maps import OUTLINES, network_map, network_table
from network.models import Tie
from network.relationships import declared_relationships


@pytest.fixture
def seeded(load_shipped):
    """The shipped register, agreements, events, collaborations and ties (tests/conftest.py)."""
    load_shipped("ties")


def test_the_committed_outlines_cover_the_47_prefectures():
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    assert data["source"].startswith("japanmap ")
    assert sorted(data["prefectures"]) == [f"{code:02d}" for code in range(1, 48)]
    assert all(re.fullmatch(r"M[\d.,L-]+Z", path) for path in data["prefectures"].values())


def test_the_apps_declare_the_relationships_in_order():
    assert [r.key for r in declared_relationships()] == [
        "ward",
        "agreement",
        "collaboration",
        "tie",
        "member",
    ]


def dot(mark) -> str:
    """An unrelated mark's dot in the path that draws them all."""
    return f"M{mark.x - 1.3:.1f},{mark.y:.1f}a1.3,1.3 0 1,0 2.6,0"


def test_every_municipality_is_a_mark_inside_the_map(seeded):
    network = network_map()
    assert len(network.marks) == 1741
    width, height = 602, 760
    assert all(0 <= m.x <= width and 0 <= m.y <= height for m in network.marks)
    assert network.totals["by_key"]["agreement"] == 372
    assert network.totals["by_key"]["ward"] == 23
    svg = str(network.svg())
    # Related marks are links (keyboard users reach them); the others are one image of dots
    # that says how many they are (one element, not 1,341: the page stays light on a phone).
    names = re.findall(r'aria-label="([^"]+)"', svg)
    unrelated = network.totals["by_key"]["none"]
    assert len(names) == 1741 - unrelated + 2  # the related marks, the dots, the map itself
    assert f"記録なし：{unrelated}自治体" in names
    assert svg.count("network-map__mark--none") == 1
    shiranuka = next(name for name in names if name.startswith("白糠町（北海道）："))
    assert "広域連携協定の構成自治体" in shiranuka
    assert "坂井市（福井県）：連携事業の連携先・特別区との交流" in names
    assert "千代田区（東京都）：特別区" in names
    fukushima = next(m for m in network.marks if m.name == "福島市")
    assert dot(fukushima) in svg and "福島市（福島県）" not in svg
    # The ties register: 鶴岡市 is 江戸川区's 友好都市.
    tsuruoka = next(name for name in names if name.startswith("鶴岡市（山形県）："))
    assert "特別区との交流" in tsuruoka
    tied = {m for tie in Tie.objects.all() for m in tie.municipalities.values_list("pk", flat=True)}
    assert network.totals["by_key"]["tie"] == len(tied) > 5
    assert svg.count('<a href="/municipalities/') == 1741 - network.totals["by_key"]["none"]
    # Shown in a frame, the links open in the page around it.
    assert svg.count('target="_top"') == svg.count("<a href=")


def framed_map(client, page_url: str) -> str:
    """The map document that a page shows in its frame."""
    html = client.get(page_url).content.decode()
    (src,) = re.findall(r'<iframe class="network-map__canvas" src="([^"]+)" title="[^"]+"', html)
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    return response.content.decode()


def test_a_bodys_page_highlights_its_members(seeded, client):
    body = AgreementBody.objects.get(name="群馬県市長会")
    html = client.get(body.get_absolute_url()).content.decode()
    svg = framed_map(client, body.get_absolute_url())
    assert 'class="network-map__svg network-map--highlighting"' in svg
    highlighted = re.findall(r'aria-label="([^"]+：この団体の構成自治体[^"]*)"', svg)
    assert len(highlighted) == body.members().count() == 12
    assert any(label.startswith("前橋市（群馬県）") for label in highlighted)
    table = html[html.index('id="network-map-table"') :]
    assert "群馬県" in table and "北海道" not in table[: table.index("</table>")]


def test_the_agreements_page_shows_the_whole_network_with_a_table(
    seeded, client, assert_queries_constant
):
    response = client.get("/agreements/")
    html = response.content.decode()
    assert 'class="network-map__svg"' in framed_map(client, "/agreements/")
    table = html[
        html.index('id="network-map-table"') : html.index(
            "</table>", html.index('id="network-map-table"')
        )
    ]
    assert table.count('<th scope="row">') == 47 + 1  # every prefecture and the total
    assert "1,741" in table and "372" in table
    assert 'href="#network-map-table"' in html  # keyboard users can skip the marks
    assert assert_queries_constant.count("/agreements/")[1] <= 15


def test_the_top_page_links_its_small_map_to_the_full_one(seeded, client):
    html = client.get("/").content.decode()
    assert re.search(
        r'<a class="network-map-link" href="/agreements/#network-map"><img src="/municipalities/map.svg"[^>]+alt="[^"]+"',
        html,
    )
    image = client.get("/municipalities/map.svg")
    assert image["Content-Type"] == "image/svg+xml"
    assert image.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert b"<style>" in image.content and b"<title>" in image.content


def test_the_english_map_names_municipalities_romanised(seeded, client):
    svg = framed_map(client, "/en/agreements/")
    assert 'lang="en"' in svg
    names = re.findall(r'aria-label="([^"]+)"', svg)
    assert any(name.startswith("Shiranuka-cho (Hokkaido): ") for name in names)
    assert not any(name.startswith("白糠町") for name in names)


def test_the_small_map_uses_the_design_tokens(seeded, client):
    from network.maps import standalone_style
    from tests.portal.test_stylesheets import tokens

    style = standalone_style()
    assert f"fill:{tokens()['--map-ward']}" in style and "var(" not in style
    assert style in client.get("/municipalities/map.svg").content.decode()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_pages_table_counts_what_the_map_draws(seeded, language):
    """The agreements' pages count the map's facts in the database (network_table) rather than
    placing 1,741 marks; the table and legend must say what the map document draws."""
    from django.utils import translation

    body = AgreementBody.objects.get(name="北海道町村会")
    Municipality.objects.filter(name="白糠町").update(latitude=None)  # not on the map
    with translation.override(language):
        for kwargs in [
            {},
            {"highlight": body.members(), "highlight_label": "構成自治体"},
            {"highlight": set(), "highlight_label": "構成自治体"},  # shows every prefecture
        ]:
            drawn, counted = network_map(**kwargs), network_table(**kwargs)
            assert counted.rows == drawn.rows and counted.totals == drawn.totals
            assert counted.legend == drawn.legend and counted.summary() == drawn.summary()
    assert len(counted.rows) == 47 and counted.totals["total"] == 1740
    highlighted = network_table(highlight=body.members(), highlight_label="構成自治体")
    assert [row["prefecture"] for row in highlighted.rows] == ["北海道"]
    members = body.members().count() - 1
    assert highlighted.totals["highlighted"] == members
    # The table's cells, as the intcomma filter writes counts: the total, the highlighted, each
    # relationship's.
    whole = network_table()
    assert whole.total_cells.startswith('<td class="num">1,740</td><td class="num">23</td>')
    assert [row["prefecture"] for row in whole.table_rows] == [r["prefecture"] for r in whole.rows]
    hokkaido = highlighted.table_rows[0]["cells"]
    assert hokkaido.startswith(f'<td class="num">178</td><td class="num">{members}</td>')


def test_the_map_pages_are_served_from_the_public_cache(seeded, django_assert_num_queries):
    from django.test import Client

    body = AgreementBody.objects.get(name="群馬県市長会")
    for url in [
        "/agreements/",
        body.get_absolute_url(),
        "/municipalities/map.svg",
        "/agreements/network-map.svg",
        f"/agreements/{body.slug}/network-map.svg",
    ]:
        first = Client().get(url)
        with django_assert_num_queries(0):
            second = Client().get(url)
        assert getattr(second, "public_cache", None) == "hit", url
        assert second.content == first.content


def test_the_drawing_is_reused_until_a_mark_changes(seeded):
    first = network_map().svg()
    assert network_map().svg() is first  # the same marks: drawn once
    tsuruoka_label = "鶴岡市（山形県）：特別区との交流"
    assert tsuruoka_label in first
    Tie.objects.get(municipalities__name="鶴岡市").municipalities.clear()
    redrawn = network_map().svg()
    assert redrawn is not first
    tsuruoka = next(m for m in network_map().marks if m.name == "鶴岡市")
    assert tsuruoka_label not in redrawn and dot(tsuruoka) in redrawn


def test_the_map_is_a_document_of_its_own_that_only_the_site_may_frame(seeded, client):
    """The map (200 KB, 400 elements) is not part of the page: the agreements' pages stay within
    their budget (under 100 KB of HTML and 1,500 elements), and the map document links the
    site's stylesheets, so its colours come from the same tokens."""
    for url in ["/agreements/", AgreementBody.objects.get(name="群馬県市長会").get_absolute_url()]:
        html = client.get(url).content
        assert len(html) < 100 * 1024, url
        assert len(re.findall(rb"<[a-zA-Z][^>]*>", html)) < 1500, url
        assert b'<svg class="network-map__svg' not in html
    document = client.get("/agreements/network-map.svg")
    assert document["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in document["Content-Security-Policy"]
    assert document.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    for sheet in (b"/static/css/portal.css", b"/static/css/map.css"):
        assert b'<?xml-stylesheet href="' + sheet in document.content
    # Every other page keeps refusing to be framed.
    page = client.get("/agreements/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert client.get("/agreements/no-such-body/network-map.svg").status_code == 404
