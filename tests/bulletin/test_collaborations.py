"""Collaboration projects: public list and page with filters, CSV and Excel downloads,
and the shipped fixture of the collaborations the documents name."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from bulletin.models import Collaboration, ProposalField
from bulletin.services.moderation import post_moderate
from tests.factories import make_municipality, make_prefecture, make_ward

from .conftest import realize

LIST_URL = reverse("bulletin:collaboration-list")


def make_collaboration(slug, *, wards, municipalities=(), prefecture, fiscal_year, field, **fields):
    collaboration = Collaboration.objects.create(
        slug=slug,
        title=fields.pop("title", slug),
        summary=fields.pop("summary", "概要"),
        field=field,
        prefecture=prefecture,
        fiscal_year=fiscal_year,
        **fields,
    )
    collaboration.wards.set(wards)
    collaboration.municipalities.set(municipalities)
    return collaboration


@pytest.fixture
def collaborations(db):
    hokkaido = make_prefecture("01", "北海道", name_en="Hokkaido")
    kyoto = make_prefecture("26", "京都府", name_en="Kyoto")
    arakawa = make_ward("荒川区", "131181", "アラカワク")
    shibuya = make_ward("渋谷区", "131130", "シブヤク")
    kushiro = make_municipality("釧路市", prefecture=hokkaido, kind="city", code="012068")
    return {
        "kushiro": make_collaboration(
            "kushiro",
            title="北海道くしろ地域・東京特別区交流推進事業",
            wards=[arakawa],
            municipalities=[kushiro],
            area_name="くしろ地域",
            prefecture=hokkaido,
            fiscal_year=2015,
            field=ProposalField.TOURISM,
            started_on=datetime.date(2015, 10, 17),
        ),
        "yamashiro": make_collaboration(
            "yamashiro",
            title="京都やましろ地域と東京しぶや連携交流事業",
            wards=[shibuya],
            area_name="京都やましろ地域",
            prefecture=kyoto,
            fiscal_year=2019,
            field=ProposalField.CULTURE,
        ),
    }


def titles(response):
    return [c.title for c in response.context["object_list"]]


def test_the_public_sees_the_list_and_the_page(client, collaborations):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "北海道くしろ地域・東京特別区交流推進事業" in body and "荒川区" in body
    assert "くしろ地域（釧路市）" in body
    page = client.get(collaborations["kushiro"].get_absolute_url()).content.decode()
    assert "平成27年10月17日" in page and "平成27年度" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"ward": "131181"}, ["北海道くしろ地域・東京特別区交流推進事業"]),
        ({"prefecture": "26"}, ["京都やましろ地域と東京しぶや連携交流事業"]),
        ({"field": "tourism"}, ["北海道くしろ地域・東京特別区交流推進事業"]),
        ({"fiscal_year": "2019"}, ["京都やましろ地域と東京しぶや連携交流事業"]),
        ({"ward": "131130", "fiscal_year": "2015"}, []),
    ],
)
def test_filters(client, collaborations, query, expected):
    assert titles(client.get(LIST_URL, query)) == expected


def test_csv_and_xlsx_downloads_follow_the_filters(client, collaborations):
    response = client.get(reverse("bulletin:collaboration-csv"), {"prefecture": "01"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["年度", "特別区", "連携先の都道府県", "連携先（地域・自治体）", "事業名"]
    assert rows[1][:5] == [
        "平成27年度",
        "荒川区",
        "北海道",
        "くしろ地域（釧路市）",
        "北海道くしろ地域・東京特別区交流推進事業",
    ]
    assert len(rows) == 2

    response = client.get(reverse("bulletin:collaboration-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "年度" and len(values) == 3
    assert {row[4] for row in values[1:]} == {c.title for c in collaborations.values()}


def test_list_query_count_does_not_grow(client, collaborations, assert_queries_constant):
    kushiro = collaborations["kushiro"]

    def grow(index):
        make_collaboration(
            f"extra-{index}",
            title=f"追加の連携事業{index}",
            wards=list(kushiro.wards.all()),
            municipalities=list(kushiro.municipalities.all()),
            prefecture=kushiro.prefecture,
            fiscal_year=2020,
            field=ProposalField.OTHER,
        )

    page, download = assert_queries_constant(
        lambda url: client.get(url),
        grow,
        max_queries=8,  # + 2 for the coverage line (recorded and published counts)
        params=[LIST_URL, reverse("bulletin:collaboration-csv")],
    )
    assert "追加の連携事業39" in page.content.decode()
    assert len(page.context["object_list"]) == 42
    assert download.content.decode("utf-8-sig").count("追加の連携事業") == 40


def test_a_realized_proposal_is_listed_publicly_with_a_members_only_link(client, board, proposal):
    realize(proposal, board)
    collaboration = Collaboration.objects.get()
    assert titles(client.get(LIST_URL)) == [proposal.title]
    page = client.get(collaboration.get_absolute_url()).content.decode()
    assert "連携提案掲示板への提案から成立しました" in page
    assert proposal.get_absolute_url() not in page  # the public does not get the board link
    client.force_login(board.ward)
    assert (
        proposal.get_absolute_url() in client.get(collaboration.get_absolute_url()).content.decode()
    )


def test_a_hidden_proposals_collaboration_leaves_every_public_list(client, board, proposal):
    """The secretariat hides a proposal that had become 成立: its collaboration is no longer on
    /collaborations/, its page, the CSV or Excel download, or the sitemap."""
    realize(proposal, board)
    collaboration = Collaboration.objects.get()
    csv_url = reverse("bulletin:collaboration-csv")
    assert titles(client.get(LIST_URL)) == [proposal.title]
    assert proposal.title in client.get(csv_url).content.decode("utf-8-sig")
    assert (
        collaboration.get_absolute_url()
        in client.get("/sitemap-collaborations.xml").content.decode()
    )

    post_moderate(actor=board.secretariat, proposal=proposal, action="hide", reason="個人情報")
    assert titles(client.get(LIST_URL)) == []
    assert client.get(collaboration.get_absolute_url()).status_code == 404
    assert proposal.title not in client.get(csv_url).content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(reverse("bulletin:collaboration-xlsx")).content))
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert proposal.title not in cells
    assert (
        collaboration.get_absolute_url()
        not in client.get("/sitemap-collaborations.xml").content.decode()
    )


# The shipped fixture: the collaborations the documents name, with their timeline dates.
EXPECTED = {
    # slug: (wards, partner municipality codes, prefecture, started_on)
    "kitakami-nishiwaga-snow": (
        {"荒川区", "江東区", "品川区"}, {"032069", "033669"}, "岩手県", "2015-02-16"),
    "kushiro-arakawa": ({"荒川区"}, {"012068", "016616", "016624", "016632", "016641", "016659", "016675", "016683"}, "北海道", "2015-10-17"),
    "kamikawa-suginami": ({"杉並区"}, None, "北海道", "2015-11-07"),
    "sakai-shinagawa": ({"品川区"}, {"182109"}, "福井県", "2015-11-18"),
    "ishikari-nakano": ({"中野区"}, {"013030", "013048"}, "北海道", "2015-12-19"),
    "tsumagoi-chiyoda": ({"千代田区"}, {"104256"}, "群馬県", "2018-07-26"),
    "minakami-nakano": ({"中野区"}, {"104493"}, "群馬県", "2018-07-26"),
    "yamashiro-shibuya": ({"渋谷区"}, set(), "京都府", "2019-11-26"),
    "tokachi-taito-sumida": ({"台東区", "墨田区"}, set(), "北海道", "2020-04-01"),
}  # fmt: skip


def test_the_fixture_holds_the_documents_collaborations(full_register):
    call_command("loaddata", "collaborations", verbosity=0)
    call_command("loaddata", "collaborations", verbosity=0)  # loading twice duplicates nothing
    assert Collaboration.objects.count() == len(EXPECTED)
    for slug, (wards, codes, prefecture, started_on) in EXPECTED.items():
        collaboration = Collaboration.objects.get(slug=slug)
        assert {w.name for w in collaboration.wards.all()} == wards, slug
        assert all(w.is_special_ward for w in collaboration.wards.all()), slug
        municipalities = collaboration.municipalities.all()
        if codes is not None:
            assert {m.code for m in municipalities} == codes, slug
        assert collaboration.prefecture.name == prefecture, slug
        assert all(m.prefecture == collaboration.prefecture for m in municipalities), slug
        assert collaboration.started_on.isoformat() == started_on, slug
        from core.dates import fiscal_year_of

        assert collaboration.fiscal_year == fiscal_year_of(collaboration.started_on), slug
    kamikawa = Collaboration.objects.get(slug="kamikawa-suginami")
    assert kamikawa.municipalities.count() == 19 and "剣淵町" in kamikawa.partner_label
    assert Collaboration.objects.get(slug="kushiro-arakawa").area_name.startswith("くしろ地域")
    assert "十勝" in Collaboration.objects.get(slug="tokachi-taito-sumida").area_name
    sakai = Collaboration.objects.get(slug="sakai-shinagawa")
    assert "掲示板" in sakai.summary and "初めて" in sakai.summary


# Both languages: headers, fiscal years, prefectures; 和暦 beside ISO dates; Excel date cells.


def test_japanese_csv_has_the_iso_date_and_its_era_label(client, collaborations):
    response = client.get("/collaborations/download.csv", {"prefecture": "01"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    start = rows[0].index("開始日")
    assert rows[0][start + 1] == "開始日（和暦）"
    assert rows[1][start : start + 2] == ["2015-10-17", "平成27年10月17日"]


def test_english_csv_speaks_english(client, collaborations):
    response = client.get("/en/collaborations/download.csv", {"prefecture": "01"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Fiscal year",
        "Special ward",
        "Partner prefecture",
        "Partner (area or municipalities)",
        "Project name",
        "Policy area",
        "Start date",
        "Start date (Japanese calendar)",
        "Summary",
        "Formed from a bulletin board proposal",
        "URL",
        "Status",
        "End date",
        "End date (Japanese calendar)",
    ]
    assert rows[1][0] == "FY2015" and rows[1][2] == "Hokkaido"
    assert rows[1][6] == "2015-10-17"
    assert rows[1][10].endswith("/en/collaborations/kushiro/")


def test_xlsx_dates_are_date_cells_and_urls_are_hyperlinks(client, collaborations):
    response = client.get("/collaborations/download.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    start, url = header.index("開始日") + 1, header.index("URL") + 1
    assert header[start] == "開始日（和暦）"
    kushiro = next(row for row in sheet.iter_rows(min_row=2) if row[4].value.startswith("北海道"))
    cell = kushiro[start - 1]
    assert cell.is_date and cell.value.date() == datetime.date(2015, 10, 17)
    assert cell.number_format == "yyyy/m/d"
    assert kushiro[start].value == "平成27年10月17日"
    link = kushiro[url - 1]
    assert link.hyperlink is not None
    assert link.hyperlink.target == link.value
    assert link.value.endswith("/collaborations/kushiro/")
    yamashiro = next(row for row in sheet.iter_rows(min_row=2) if row[4].value.startswith("京都"))
    assert yamashiro[start - 1].value is None  # no start date: an empty cell, not text

    english = load_workbook(io.BytesIO(client.get("/en/collaborations/download.xlsx").content))
    sheet = english.active
    assert sheet[1][0].value == "Fiscal year"
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {"FY2015", "FY2019"}
    date_cell = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "FY2015")[6]
    assert date_cell.is_date and date_cell.number_format == "d mmm yyyy"


def test_english_list_and_page_show_fiscal_years_and_prefectures_in_english(client, collaborations):
    body = client.get("/en/collaborations/").content.decode()
    assert "FY2015" in body and "FY2019" in body and "年度" not in body
    assert "Hokkaido" in body and "Kyoto" in body
    assert '<option value="2019">FY2019</option>' in body
    assert '<option value="01">Hokkaido</option>' in body
    page = client.get("/en/collaborations/kushiro/").content.decode()
    assert "FY2015" in page and "17 Oct 2015" in page and "Hokkaido" in page
    assert "平成27" not in page
    japanese = client.get("/collaborations/").content.decode()
    assert "平成27年度" in japanese and '<option value="01">北海道</option>' in japanese
