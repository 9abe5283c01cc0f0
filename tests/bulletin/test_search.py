"""Keyword search finds two-character Japanese words in titles and bodies (SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from bulletin.models import Proposal
from bulletin.search import bigram_query, bigrams, unigram_query

from .conftest import post_proposal


@pytest.fixture
def proposals(board):
    return {
        "tourism": post_proposal(
            board.proposer, title="観光PRの連携", body="冬の魅力を発信します。"
        ),
        "disaster": post_proposal(
            board.proposer, title="職員の相互派遣", body="防災訓練への参加を募ります。"
        ),
        "both": post_proposal(
            board.other, title="防災と観光のまちづくり", body="DXで地域を元気に。"
        ),
        "offer_only": post_proposal(
            board.other, title="物産展", body="特産品を販売します。", offer="観光パンフレットの配布"
        ),
        "neither": post_proposal(
            board.other, title="職員交流", body="人事交流の相手を探しています。"
        ),
        # Holds the bigrams 観光, 光振 and 振興, but not the word 観光振興.
        "scattered": post_proposal(board.other, title="光振動の研究", body="観光、振興策"),
    }


def found(keyword):
    return set(Proposal.objects.search(keyword).values_list("title", flat=True))


def titles(*proposals):
    return {p.title for p in proposals}


def test_two_character_words_are_found_in_titles_and_bodies(proposals):
    p = proposals
    assert found("観光") == titles(p["tourism"], p["both"], p["offer_only"], p["scattered"])
    assert found("防災") == titles(p["disaster"], p["both"])
    assert found("交流") == titles(p["neither"])


def test_longer_words_several_words_and_case(proposals):
    p = proposals
    assert found("防災訓練") == titles(p["disaster"])
    assert found("観光 防災") == titles(p["both"])  # every word must match
    assert found("dx") == titles(p["both"])  # ASCII is case-insensitive
    assert found("観光振興") == set()  # having its bigrams is not enough
    assert found("振興策") == titles(p["scattered"])
    assert found("冬") == titles(p["tourism"])  # one character: no bigram, still found


def test_search_through_the_board_page(client, board, proposals):
    client.force_login(board.ward)
    response = client.get(reverse("bulletin:proposal-list"), {"q": "防災"})
    listed = {p.title for p in response.context["object_list"]}
    assert listed == titles(proposals["disaster"], proposals["both"])
    assert "2件の提案" in response.content.decode()


def test_one_character_words_are_found_and_mixed_with_longer_ones(proposals):
    p = proposals
    assert found("雪") == set()
    assert found("冬") == titles(p["tourism"])
    assert found("冬 観光") == titles(p["tourism"])  # one character and a bigram word together
    assert found("光") == titles(p["tourism"], p["both"], p["offer_only"], p["scattered"])
    assert found("・") == set()  # punctuation alone looks nothing up


def test_unigrams_of_a_query():
    assert unigram_query(["雪", "観光", "蟹", "雪", "・"]) == "雪 蟹"
    assert unigram_query(["観光"]) == ""


def test_bigrams_of_a_query():
    assert bigrams("観光振興") == ["観光", "光振", "振興"]
    assert bigrams("観") == []
    assert bigram_query(["防災・減災", "防災"]) == "防災 減災"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index is PostgreSQL's")
def test_postgresql_uses_the_bigram_index_for_two_characters(board, proposals):
    with connection.cursor() as cursor:
        # With so few rows a sequential scan wins; forbid it (and plain index scans of other
        # indexes) to see whether the bigram index can answer the query at all.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        sql, params = Proposal.objects.search("観光").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "bulletin_proposal_bigrams" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the unigram index is PostgreSQL's")
def test_postgresql_uses_the_unigram_index_for_one_character(board, proposals):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        sql, params = Proposal.objects.search("雪").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "bulletin_proposal_unigrams" in plan, plan
