"""The 対策本部 page: ties first, the ward × support matrix, the 状況報告 (their weight: test_page_weight.py)."""

import datetime
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulletin.models import Notification
from disaster.services.disasters import pairing_propose, relief_fund_record
from disaster.services.requests import commitment_make, request_post
from disaster.services.support import report_submit
from network.models import Tie

from .test_flow import NURSES


def tie(ward, partner, kind, slug):
    made = Tie.objects.create(ward=ward, kind=kind, slug=slug)
    made.municipalities.add(partner)
    return made


def test_ties_are_listed_with_the_disaster_agreement_first(quake, client):
    tie(quake.edogawa, quake.wajima, "exchange", "edogawa-wajima")
    tie(quake.shinagawa, quake.wajima, "disaster", "shinagawa-wajima")
    tie(quake.shinagawa, quake.shiranuka, "disaster", "shinagawa-shiranuka")  # not affected
    client.force_login(quake.shinagawa_member)
    page = client.get(quake.disaster.get_absolute_url()).content.decode()
    section = page[page.index('id="ties-heading"') :]
    assert section.index("品川区 ↔ 石川県輪島市") < section.index("江戸川区 ↔ 石川県輪島市")
    assert section.count("災害時相互応援協定あり") == 1
    assert "白糠町" not in section.split("</ul>")[0]


def test_a_ward_sees_the_requests_of_its_tied_municipality_marked(quake, client):
    tie(quake.shinagawa, quake.wajima, "disaster", "shinagawa-wajima")
    request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    client.force_login(quake.shinagawa_member)
    assert "交流関係あり" in client.get(quake.disaster.get_absolute_url()).content.decode()
    client.force_login(quake.edogawa_member)
    assert "交流関係あり" not in client.get(quake.disaster.get_absolute_url()).content.decode()


def test_the_matrix_adds_up_the_wards_reports_and_names_the_silent_ones(quake, client):
    base = {"start_on": datetime.date(2027, 1, 10), "end_on": datetime.date(2027, 1, 20)}
    report_submit(
        user=quake.shinagawa_member,
        disaster=quake.disaster,
        data={"kind": "staff", "profession": "nurse", "people": 3, **base},
    )
    report_submit(
        user=quake.shinagawa_member,
        disaster=quake.disaster,
        data={"kind": "donation", "amount_yen": 1_000_000},
    )
    client.force_login(quake.wajima_member)
    page = client.get(quake.disaster.get_absolute_url()).content.decode()
    row = page[page.index('<th scope="row">品川区</th>') :].split("</tr>")[0]
    assert "3名" in row and "1,000,000円" in row
    silent = page[page.index('id="silent-wards"') :].split("</p>")[0]
    assert "江戸川区" in silent and "品川区" not in silent


def test_the_secretariat_records_the_fund_and_pairs_a_ward(quake, client):
    relief_fund_record(
        actor=quake.secretariat,
        disaster=quake.disaster,
        data={"amount_yen": 50_000_000, "decided_on": datetime.date(2027, 1, 25)},
        recipients=[quake.wajima],
    )
    pairing_propose(
        actor=quake.secretariat,
        disaster=quake.disaster,
        ward=quake.edogawa,
        municipality=quake.wajima,
    )
    assert Notification.objects.filter(
        recipient=quake.edogawa_member, message__contains="対口支援（江戸川区↔輪島市）"
    ).exists()
    client.force_login(quake.wajima_member)
    page = client.get(quake.disaster.get_absolute_url()).content.decode()
    assert "50,000,000円" in page and "江戸川区 ↔ 輪島市" in page


def test_the_situation_report_is_one_a4_sheet_with_the_computed_figures(quake, client):
    request = request_post(
        author=quake.wajima_member,
        disaster=quake.disaster,
        data={**NURSES, "place": '=HYPERLINK("https://evil.example/","x")'},
    )
    commitment_make(
        user=quake.shinagawa_member, request=request, data={"quantity": 3, "contact": "防災課"}
    )
    client.force_login(quake.edogawa_member)
    response = client.get(reverse("disaster:situation-report", args=[quake.disaster.slug]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["令和9年能登地震 状況報告"]
    assert ["輪島市", "保健師", 5, 3, 2, "名", "調整中"] in rows
    assert any(row and row[0] == "品川区" for row in rows)
    assert all(
        not (isinstance(cell.value, str) and cell.data_type == "f")
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_headquarters_page_costs_the_same_queries_for_many_requests(quake, client):
    client.force_login(quake.shinagawa_member)
    url = quake.disaster.get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    few = count()
    for _ in range(10):
        request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
        commitment_make(
            user=quake.edogawa_member, request=request, data={"quantity": 1, "contact": "防災課"}
        )
    assert count() == few


def test_the_headquarters_page_speaks_english_on_english_pages(quake, client):
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    commitment_make(
        user=quake.shinagawa_member, request=request, data={"quantity": 3, "contact": "防災課"}
    )
    client.force_login(quake.wajima_member)
    page = client.get("/en" + quake.disaster.get_absolute_url()).content.decode()
    assert "令和9年能登地震 Headquarters" in page and "Support by ward" in page
    assert "Public health nurse: 3 of 5 名 secured, 2 名 remaining" in page  # the unit is data
