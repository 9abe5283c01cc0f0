"""A collaboration's results: its state, progress entries (with photos re-encoded), outcome
indicators (target against actual), the list's state filter and the fiscal-year totals."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from bulletin.models import (
    Collaboration,
    CollaborationState,
    Indicator,
    IndicatorDirection,
    ProgressEntry,
    ProposalField,
)
from tests.factories import make_event, pass_second_factor
from tests.members.images import photo_bytes, upload

from .test_collaborations import make_collaboration

LIST_URL = reverse("bulletin:collaboration-list")
RESULTS_URL = reverse("bulletin:collaboration-results")


@pytest.fixture
def shared(board):
    """坂井市 (the proposer's) × 品川区, recorded from the documents (no proposal)."""
    return make_collaboration(
        "sakai-shinagawa",
        title="品川区民まつり 坂井市物産展",
        wards=[board.shinagawa],
        municipalities=[board.sakai],
        prefecture=board.sakai.prefecture,
        fiscal_year=2023,
        field=ProposalField.INDUSTRY,
        started_on=datetime.date(2023, 5, 1),
    )


def indicator(collaboration, **fields):
    values = {
        "name": "来場者数",
        "unit": "人",
        "target": Decimal("1000"),
        "baseline": Decimal("400"),
        "baseline_on": datetime.date(2023, 4, 1),
        **fields,
    }
    return Indicator.objects.create(collaboration=collaboration, **values)


# Indicator arithmetic and the fiscal-year totals ---------------------------------------------


def test_an_indicator_is_met_when_the_actual_reaches_the_target_in_its_direction(shared):
    unmeasured = indicator(shared)
    short = indicator(shared, name="短", actual=Decimal("999"), actual_on=datetime.date(2024, 3, 1))
    reached = indicator(
        shared, name="達", actual=Decimal("1000"), actual_on=datetime.date(2024, 3, 1)
    )
    fewer = indicator(
        shared,
        name="廃棄量",
        direction=IndicatorDirection.DECREASE,
        target=Decimal("50"),
        actual=Decimal("40"),
        actual_on=datetime.date(2024, 3, 1),
    )
    assert [i.is_met for i in (unmeasured, short, reached, fewer)] == [False, False, True, True]
    annotated = dict(Indicator.objects.with_met().values_list("pk", "is_met"))
    assert annotated == {unmeasured.pk: False, short.pk: False, reached.pk: True, fewer.pk: True}
    # The bars are percentages of the largest value.
    assert [(kind, pct) for kind, _v, _d, pct in short.bars] == [
        ("baseline", 40),
        ("target", 100),
        ("actual", 100),
    ]


def test_fiscal_year_totals_count_what_the_records_hold(board, shared):
    # FY2023: shared (started). Completed 2024-03-31 → FY2023; an indicator met on 2024-04-01
    # → FY2024, one missed on 2024-03-31 → FY2023.
    shared.state, shared.ended_on = CollaborationState.COMPLETED, datetime.date(2024, 3, 31)
    shared.save()
    other = make_collaboration(
        "other",
        wards=[board.shinagawa],
        municipalities=[board.shiranuka],
        prefecture=board.shiranuka.prefecture,
        fiscal_year=2024,
        field=ProposalField.TOURISM,
        state=CollaborationState.ONGOING,
    )
    indicator(other, actual=Decimal("1200"), actual_on=datetime.date(2024, 4, 1))
    indicator(shared, actual=Decimal("10"), actual_on=datetime.date(2024, 3, 31))
    totals = {t.fiscal_year: t for t in Collaboration.objects.public().fiscal_year_totals()}
    assert set(totals) == {2023, 2024}
    fy23, fy24 = totals[2023], totals[2024]
    assert (fy23.started, fy23.completed, fy23.indicators_measured, fy23.indicators_met) == (
        1,
        1,
        1,
        0,
    )
    assert (fy24.started, fy24.completed, fy24.indicators_measured, fy24.indicators_met) == (
        1,
        0,
        1,
        1,
    )


def test_the_results_page_shows_the_totals_per_fiscal_year(client, board, shared):
    indicator(shared, actual=Decimal("1000"), actual_on=datetime.date(2023, 12, 1))
    page = client.get(RESULTS_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "令和5年度" in html
    row = html[html.index("令和5年度") :].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["1", "0", "1", "1"]


def test_the_database_refuses_a_completed_state_without_an_end(shared):
    shared.state = CollaborationState.COMPLETED
    with pytest.raises(IntegrityError), transaction.atomic():
        shared.save()


def test_the_database_refuses_an_unknown_state(shared):
    with pytest.raises(IntegrityError), transaction.atomic():
        Collaboration.objects.filter(pk=shared.pk).update(state="finished")


# The shipped KPI -------------------------------------------------------------------------------


def test_the_kushiro_arakawa_kpi_from_the_documents_is_on_its_page(client, shipped_data):
    collaboration = Collaboration.objects.get(slug="kushiro-arakawa")
    kpi = collaboration.indicators.get()
    assert (kpi.name, kpi.unit, kpi.baseline, kpi.target) == (
        "釧路管内観光入込客数",
        "万人",
        Decimal("713"),
        Decimal("780"),
    )
    assert (kpi.baseline_on, kpi.target_on) == (
        datetime.date(2016, 3, 1),
        datetime.date(2020, 3, 1),
    )
    html = client.get(collaboration.get_absolute_url()).content.decode()
    assert "釧路管内観光入込客数" in html
    assert "713万人" in html and "780万人" in html
    assert "平成28年3月" in html  # month precision: the document gives no day
    assert "実績は未記録" in html  # no actual figure is given


# The public page and the list ----------------------------------------------------------------


def test_the_public_page_shows_state_timeline_and_outcomes(client, board, shared):
    shared.state = CollaborationState.ONGOING
    shared.save()
    event = make_event("坂井市物産展")
    ProgressEntry.objects.create(
        collaboration=shared,
        date=datetime.date(2023, 10, 8),
        text="区民まつりで物産展を開きました。",
        event=event,
        author_municipality=board.sakai,
    )
    indicator(shared, actual=Decimal("1200"), actual_on=datetime.date(2023, 10, 9))
    html = client.get(shared.get_absolute_url()).content.decode()
    assert "実施中" in html
    assert "区民まつりで物産展を開きました。" in html and event.get_absolute_url() in html
    assert "目標達成" in html and "1,200人" in html
    assert '<rect class="indicator__bar--actual"' in html
    assert "経過を記入" not in html  # the public gets no board links


def test_the_list_filters_by_state_and_ignores_a_bad_state(client, board, shared):
    make_collaboration(
        "done",
        title="完了した事業",
        wards=[board.shinagawa],
        prefecture=board.sakai.prefecture,
        fiscal_year=2020,
        field=ProposalField.OTHER,
        state=CollaborationState.COMPLETED,
        ended_on=datetime.date(2021, 3, 1),
    )
    titles = lambda r: [c.title for c in r.context["object_list"]]  # noqa: E731
    assert titles(client.get(LIST_URL, {"state": "completed"})) == ["完了した事業"]
    response = client.get(LIST_URL, {"state": "<script>"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_detail_and_list_query_counts_do_not_grow(client, board, shared, assert_queries_constant):
    def grow(index):
        ProgressEntry.objects.create(
            collaboration=shared,
            date=datetime.date(2023, 6, 1),
            text=f"経過{index}",
            author_municipality=board.sakai,
            event=make_event(f"イベント{index}"),
        )
        indicator(shared, name=f"指標{index}")

    page, listing = assert_queries_constant(
        lambda url: client.get(url),
        grow,
        max_queries=12,
        params=[shared.get_absolute_url(), LIST_URL],
    )
    assert "経過39" in page.content.decode() and "指標39" in page.content.decode()


# Writing results from the board ----------------------------------------------------------------


def entry_data(**changes):
    return {
        "date": "2023-10-08",
        "text": "物産展を開きました",
        "photo_alt": "",
        "event": "",
    } | changes


def indicator_data(**changes):
    return {
        "name": "出店事業者数",
        "unit": "事業者",
        "direction": "increase",
        "baseline": "",
        "baseline_on": "",
        "target": "20",
        "target_on": "2024-03-31",
        "actual": "",
        "actual_on": "",
    } | changes


def test_a_party_adds_an_entry_with_a_photo_reencoded_without_gps(client, board, shared):
    client.force_login(board.proposer)
    response = client.post(
        reverse("bulletin:progress-create", args=[shared.pk]),
        entry_data(photo=upload("IMG_0001.jpg", photo_bytes()), photo_alt="物産展の様子"),
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert entry.author_municipality == board.sakai
    assert "IMG_0001" not in entry.photo.name
    with Image.open(entry.photo.path) as image:
        assert not image.getexif()
    html = client.get(shared.get_absolute_url()).content.decode()
    assert entry.photo.url in html and 'alt="物産展の様子"' in html


def test_a_photo_over_the_small_body_limit_reaches_the_form(client, board, shared):
    """Camera photos are often over 1 MB: the progress form takes uploads (AcceptsUploads)."""
    import io
    import os

    from core.limits import MAX_BODY_BYTES

    buffer = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) > MAX_BODY_BYTES
    client.force_login(board.proposer)
    response = client.post(
        reverse("bulletin:progress-create", args=[shared.pk]),
        entry_data(photo=upload("big.png", buffer.getvalue(), "image/png"), photo_alt="写真"),
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().photo


def test_a_party_adds_and_updates_an_indicator(client, board, shared):
    client.force_login(board.ward)  # 品川区, the other party
    create = reverse("bulletin:indicator-create", args=[shared.pk])
    assert client.post(create, indicator_data()).status_code == 302
    kpi = Indicator.objects.get()
    update = reverse("bulletin:indicator-update", args=[shared.pk, kpi.pk])
    response = client.post(update, indicator_data(actual="24", actual_on="2023-10-09"))
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.actual == Decimal("24") and kpi.is_met


def test_a_party_completes_the_collaboration(client, board, shared):
    client.force_login(board.proposer)
    url = reverse("bulletin:collaboration-state", args=[shared.pk])
    data = {"state": "completed", "started_on": "2023-05-01", "ended_on": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "終了日を入力してください" in response.content.decode()
    assert client.post(url, data | {"ended_on": "2024-03-31"}).status_code == 302
    shared.refresh_from_db()
    assert shared.state == "completed"
    assert "完了" in client.get(LIST_URL, {"state": "completed"}).content.decode()


def test_the_secretariat_records_only_for_recorded_collaborations(client, board, proposal):
    from .conftest import realize

    realize(proposal, board)
    born_on_board = Collaboration.objects.get()
    pass_second_factor(client, board.secretariat)
    url = reverse("bulletin:progress-create", args=[born_on_board.pk])
    assert client.get(url).status_code == 403


BAD_ENTRIES = [
    {"date": "2023-02-30"},
    {"date": "1899-01-01"},
    {"date": "2999-01-01"},
    {"date": "令和"},
    {"text": ""},
    {"text": "長" * 4001},
    {"event": "999999"},
    {"event": "abc"},
]


@pytest.mark.parametrize("changes", BAD_ENTRIES)
def test_bad_entries_are_form_errors(client, board, shared, changes):
    client.force_login(board.proposer)
    response = client.post(
        reverse("bulletin:progress-create", args=[shared.pk]), entry_data(**changes)
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not ProgressEntry.objects.exists()


def test_a_non_image_photo_is_a_form_error(client, board, shared):
    client.force_login(board.proposer)
    response = client.post(
        reverse("bulletin:progress-create", args=[shared.pk]),
        entry_data(photo=upload("a.jpg", b"%PDF-1.4 not an image"), photo_alt="写真"),
    )
    assert response.status_code == 200 and "photo" in response.context["form"].errors
    assert not ProgressEntry.objects.exists()


BAD_INDICATORS = [
    {"target": "-1"},
    {"target": "1e30"},
    {"target": "9" * 40},
    {"target": "NaN"},
    {"target": "Infinity"},
    {"target": ""},
    {"baseline": "-5", "baseline_on": "2023-04-01"},
    {"baseline": "5"},  # no date
    {"actual": "5"},  # no date
    {"actual": "5", "actual_on": "2999-01-01"},  # measured in the future
    {"target_on": "2023-13-01"},
    {"direction": "sideways"},
    {"name": ""},
    {"name": "a\x00b"},
    {"unit": "x" * 21},
]


@pytest.mark.parametrize("changes", BAD_INDICATORS)
def test_bad_indicators_are_form_errors(client, board, shared, changes):
    client.force_login(board.proposer)
    response = client.post(
        reverse("bulletin:indicator-create", args=[shared.pk]), indicator_data(**changes)
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Indicator.objects.exists()


# Open data ---------------------------------------------------------------------------------------


def test_the_api_publishes_state_entries_and_indicators(client, board, shared):
    shared.state = CollaborationState.ONGOING
    shared.save()
    ProgressEntry.objects.create(
        collaboration=shared, date=datetime.date(2023, 10, 8), text="物産展", author=board.proposer
    )
    indicator(shared, actual=Decimal("1200"), actual_on=datetime.date(2023, 10, 9))
    data = client.get(f"/api/v1/collaborations/{shared.slug}/").json()
    assert (data["state"], data["state_label"], data["ended_on"]) == ("ongoing", "実施中", None)
    assert data["progress_entries"] == [
        {
            "date": "2023-10-08",
            "date_era": "令和5年10月8日",
            "text": "物産展",
            "municipality": None,  # written by the secretariat
            "photo": None,
            "photo_alt": "",
            "event": None,
        }
    ]
    [kpi] = data["indicators"]
    assert (kpi["name"], kpi["target"], kpi["actual"], kpi["met"]) == (
        "来場者数",
        "1000.00",
        "1200.00",
        True,
    )


def test_a_hidden_proposals_collaboration_and_its_progress_stay_out_of_the_api(
    client, board, proposal
):
    from bulletin.services.moderation import post_moderate

    from .conftest import realize

    realize(proposal, board)
    collaboration = Collaboration.objects.get()
    ProgressEntry.objects.create(
        collaboration=collaboration, date=datetime.date(2023, 10, 8), text="経過の記録"
    )
    assert client.get(f"/api/v1/collaborations/{collaboration.slug}/").status_code == 200
    post_moderate(actor=board.secretariat, proposal=proposal, action="hide", reason="個人情報")
    assert client.get(f"/api/v1/collaborations/{collaboration.slug}/").status_code == 404
    assert "経過の記録" not in client.get("/api/v1/collaborations/").content.decode()


def test_the_indicators_csv_and_the_list_csv_carry_the_results(client, board, shared):
    import csv
    import io

    shared.state, shared.ended_on = CollaborationState.COMPLETED, datetime.date(2024, 3, 31)
    shared.save()
    indicator(shared, actual=Decimal("1200"), actual_on=datetime.date(2023, 10, 9))
    indicator(shared, name='=HYPERLINK("x")')  # formula-like text stays text
    response = client.get(reverse("bulletin:indicator-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["事業名", "識別子", "指標"]
    by_name = {row[2]: row for row in rows[1:]}
    met = by_name["来場者数"]
    assert met[1] == "sakai-shinagawa" and met[7] == "1000.00" and met[9] == "1200.00"
    assert met[10] == "2023-10-09" and met[11] == "はい"
    assert '\'=HYPERLINK("x")' in by_name
    listing = client.get(reverse("bulletin:collaboration-csv")).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(listing)))[:2]
    assert row[header.index("状況")] == "完了"
    assert row[header.index("終了日")] == "2024-03-31"


def test_a_second_indicator_of_the_same_name_is_a_form_error(client, board, shared):
    indicator(shared, name="出店事業者数")
    client.force_login(board.proposer)
    response = client.post(reverse("bulletin:indicator-create", args=[shared.pk]), indicator_data())
    assert response.status_code == 200
    assert "同じ名前の指標があります" in response.content.decode()
    assert Indicator.objects.count() == 1
