"""The results pages read a fixed number of queries, however many collaborations, progress
entries and indicators the records hold: 4 collaborations (one in each state) against 32, each
with entries and indicators (met, missed and unmeasured)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from bulletin.models import (
    CollaborationState,
    Indicator,
    IndicatorDirection,
    ProgressEntry,
    ProposalField,
)
from tests.factories import make_event

from .test_collaborations import make_collaboration

STATES = list(CollaborationState)


def grow_collaborations(board):
    """A collaboration per index, in turn in each state, with two entries (one linked to an
    event) and three indicators; each also adds an entry and an indicator to the first one,
    whose public page is measured too."""

    def grow(index):
        state = STATES[index % len(STATES)]
        completed = state == CollaborationState.COMPLETED
        collaboration = make_collaboration(
            f"results-{index}",
            title=f"連携事業{index}",
            wards=[board.shinagawa],
            municipalities=[board.sakai, board.shiranuka],
            prefecture=board.sakai.prefecture,
            fiscal_year=2016 + index % 8,
            field=ProposalField.TOURISM,
            state=state,
            started_on=datetime.date(2016 + index % 8, 5, 1),
            ended_on=datetime.date(2017 + index % 8, 3, 1) if completed else None,
        )
        for day in (1, 2):
            ProgressEntry.objects.create(
                collaboration=collaboration,
                date=datetime.date(2016 + index % 8, 6, day),
                text=f"経過{index}-{day}",
                author_municipality=board.sakai,
                event=make_event(f"イベント{index}") if day == 1 else None,
            )
        measured = {"actual_on": datetime.date(2016 + index % 8, 12, 1)}
        Indicator.objects.create(
            collaboration=collaboration,
            name="来場者数",
            unit="人",
            target=Decimal(1000),
            actual=Decimal(1200),
            **measured,
        )
        Indicator.objects.create(
            collaboration=collaboration,
            name="ごみの量",
            unit="t",
            direction=IndicatorDirection.DECREASE,
            target=Decimal(10),
            actual=Decimal(12),
            **measured,
        )
        Indicator.objects.create(
            collaboration=collaboration, name="出店数", unit="店", target=Decimal(20)
        )
        first = collaboration.__class__.objects.get(slug="results-0")
        ProgressEntry.objects.create(
            collaboration=first, date=datetime.date(2020, 1, 1), text=f"追記{index}"
        )
        Indicator.objects.create(
            collaboration=first, name=f"指標{index}", unit="人", target=Decimal(index)
        )

    return grow


def test_the_results_pages_read_a_fixed_number_of_queries(board, assert_queries_constant):
    list_url = reverse("bulletin:collaboration-list")
    pages = [
        (reverse("bulletin:collaboration-results"), {}),
        (list_url, {}),
        *[(list_url, {"state": state.value}) for state in STATES],
        (reverse("bulletin:collaboration-detail", args=["results-0"]), {}),
    ]
    responses = assert_queries_constant(
        lambda page: assert_queries_constant.client.get(*page),
        grow_collaborations(board),
        small=4,  # one collaboration in each state
        large=32,
        max_queries=12,
        params=pages,
    )
    results, listing, *by_state, detail = responses
    # What a reader sees grows with the data while the queries do not.
    assert "連携事業31" in listing.content.decode()
    for state, response in zip(STATES, by_state, strict=True):
        shown = {c.state for c in response.context["object_list"]}
        assert shown == {state.value}
        assert len(response.context["object_list"]) == 8  # 32 over four states
    totals = results.context["totals"]
    assert sum(row.started for row in totals) == 32
    assert sum(row.indicators_measured for row in totals) == 64
    assert sum(row.indicators_met for row in totals) == 32  # 来場者数 met, ごみの量 missed
    assert "追記31" in detail.content.decode() and "指標31" in detail.content.decode()
