"""The site search reads a fixed number of queries at 1× and 10× the data: a kind whose matches
pass the preview's five costs no extra count query, for a visitor as for a member."""

from bulletin.services.proposals import proposal_submit
from tests.bulletin.conftest import proposal_data
from tests.factories import make_event, make_member, make_municipality, make_timeline_entry

WORD = "連携"


def grow_public(index):
    """One more row of each public kind with the word: at 3 rows every kind shows all it has,
    at 30 each has more than the preview."""
    make_municipality(f"連携{index}町", kana="レンケイチョウ")
    make_event(f"全国連携講演会{index}")
    make_timeline_entry(f"全国連携の報告{index}")


def test_a_visitors_search_costs_the_same_queries_at_1x_and_10x(
    db, client, assert_queries_constant
):
    plain, selected = assert_queries_constant(
        "/search/",
        grow_public,
        small=3,
        large=30,
        max_queries=16,
        params=[{"q": WORD}, {"q": WORD, "kind": "events"}],
    )
    counts = {group.kind.key: group.count for group in plain.context["groups"]}
    assert counts["municipalities"] == counts["events"] == counts["timeline"] == 30
    previews = {group.kind.key: len(group.preview) for group in plain.context["groups"]}
    assert previews["municipalities"] == previews["events"] == previews["timeline"] == 5
    assert selected.context["page_obj"].paginator.count == 30


def test_a_members_search_costs_the_same_queries_at_1x_and_10x(db, client, assert_queries_constant):
    from tests.factories import make_prefecture

    town = make_municipality("坂井市", prefecture=make_prefecture("18", "福井県"), kind="city")
    member = make_member(town, email="sakai@example.jp")
    client.force_login(member)

    def grow(index):
        grow_public(index)
        proposal_submit(author=member, data=proposal_data(title=f"観光で連携{index}"), wards=())

    (response,) = assert_queries_constant(
        "/search/", grow, small=3, large=30, max_queries=24, params=[{"q": WORD}]
    )
    counts = {group.kind.key: group.count for group in response.context["groups"]}
    assert counts["board"] == counts["events"] == 30
    assert "30件" in response.content.decode()
