"""The secretariat imports collaborations' results from CSV: progress entries and indicator
measurements, a preview row by row (every refusal with its reason), nothing written until
confirmed, then every previewed row in one transaction."""

import base64
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse

from bulletin import results_import
from bulletin.models import Collaboration, CollaborationState, Indicator, ProgressEntry
from tests.factories import pass_second_factor

from .conftest import realize
from .test_collaboration_results import indicator
from .test_collaborations import make_collaboration

IMPORT = reverse("admin:bulletin_collaboration_results_import")
TEMPLATE = reverse("admin:bulletin_collaboration_results_template")
HEADER = ["識別子", "種別", "日付", "内容", "状況", "指標", "実績値"]


def csv_bytes(rows, *, header=HEADER, bom=True, encoding="utf-8") -> bytes:
    output = io.StringIO()
    csv.writer(output, lineterminator="\r\n").writerows([header, *rows])
    return (("\ufeff" if bom else "") + output.getvalue()).encode(encoding)


def upload(content: bytes, name="results.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.fixture
def shared(board):
    """坂井市 × 品川区, recorded from the documents: the secretariat may record its results."""
    return make_collaboration(
        "sakai-shinagawa",
        title="品川区民まつり 坂井市物産展",
        wards=[board.shinagawa],
        municipalities=[board.sakai],
        prefecture=board.sakai.prefecture,
        fiscal_year=2023,
        field="industry",
        started_on=datetime.date(2023, 5, 1),
    )


@pytest.fixture
def kpi(shared):
    return indicator(shared, name="来場者数", unit="人", target=Decimal(1000))


def written() -> tuple:
    """Everything an import may write."""
    return (
        sorted(ProgressEntry.objects.values_list("collaboration__slug", "date", "text")),
        sorted(Indicator.objects.values_list("name", "actual", "actual_on")),
        sorted(Collaboration.objects.values_list("slug", "state", "ended_on")),
    )


def preview_of(client, board, rows, **options):
    pass_second_factor(client, board.secretariat)
    response = client.post(IMPORT, {"file": upload(csv_bytes(rows, **options))})
    assert response.status_code == 200
    return response


def by_line(response) -> dict:
    return {row.line: row for row in response.context["rows"]}


GOOD = [
    ["sakai-shinagawa", "経過", "2023/10/08", "区民まつりで物産展を開きました", "実施中", "", ""],
    ["sakai-shinagawa", "実績", "令和5年10月9日", "", "", "来場者数", "1,200"],
    ["sakai-shinagawa", "経過", "2024-03-31", "事業を終えました", "完了", "", ""],
]


def test_the_preview_says_what_each_row_adds_or_changes_and_writes_nothing(
    client, board, shared, kpi
):
    before = written()
    rows = by_line(preview_of(client, board, GOOD))
    assert [rows[line].action for line in (2, 3, 4)] == ["add", "change", "add"]
    assert rows[2].changes == ["経過を追加"]
    # The collaboration keeps one state: the latest-dated row's.
    assert rows[2].notes == ["状況は日付の新しい4行目のものになります"]
    assert rows[3].changes == ["実績値：未測定 → 1200人（2023-10-09）"]
    assert rows[4].changes == ["経過を追加", "状況：未記録 → 完了", "終了日：2024-03-31"]
    assert written() == before  # a preview writes nothing


def test_confirming_writes_exactly_the_previewed_rows(client, board, shared, kpi):
    response = preview_of(client, board, GOOD)
    assert "この内容で取り込む" in response.content.decode()
    response = client.post(IMPORT, {"confirm": "1", "payload": response.context["payload"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:bulletin_collaboration_changelist")
    entries = ProgressEntry.objects.filter(collaboration=shared).order_by("date")
    assert [(e.date, e.text, e.author, e.author_municipality) for e in entries] == [
        (datetime.date(2023, 10, 8), "区民まつりで物産展を開きました", board.secretariat, None),
        (datetime.date(2024, 3, 31), "事業を終えました", board.secretariat, None),
    ]
    kpi.refresh_from_db()
    assert (kpi.actual, kpi.actual_on) == (Decimal(1200), datetime.date(2023, 10, 9))
    shared.refresh_from_db()
    assert (shared.state, shared.ended_on) == (
        CollaborationState.COMPLETED,
        datetime.date(2024, 3, 31),
    )
    # The public page shows what was imported.
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "区民まつりで物産展を開きました" in page and "1,200人" in page
    # The same file again adds nothing: every row is on record.
    again = by_line(preview_of(client, board, GOOD))
    assert {row.action for row in again.values()} == {"unchanged"}


PLAIN = ["sakai-shinagawa", "経過", "2023-10-08", "区民まつりで物産展を開きました", "", "", ""]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["nothing-here", "経過", "2023-10-08", "物産展", "", "", ""], "連携事業「nothing-here」が見つかりません"),
        (["", "経過", "2023-10-08", "物産展", "", "", ""], "識別子が空です"),
        (["sakai-shinagawa", "感想", "2023-10-08", "物産展", "", "", ""], "種別は「経過」か「実績」"),
        (["sakai-shinagawa", "経過", "2023-02-30", "物産展", "", "", ""], "日付「2023-02-30」が読めません"),
        (["sakai-shinagawa", "経過", "来週", "物産展", "", "", ""], "日付「来週」が読めません"),
        (["sakai-shinagawa", "経過", "2999-01-01", "物産展", "", "", ""], "今日までにしてください"),
        (["sakai-shinagawa", "経過", "", "物産展", "", "", ""], "日付が空です"),
        (["sakai-shinagawa", "経過", "2023-10-08", "", "", "", ""], "内容が空です"),
        (["sakai-shinagawa", "経過", "2023-10-08", "あ" * 4001, "", "", ""], "内容が長すぎます"),
        (["sakai-shinagawa", "経過", "2023-10-08", "物産展", "終わった", "", ""], "状況「終わった」が分かりません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "売上", "100"], "指標「売上」はこの連携事業にありません（来場者数）"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "", "100"], "指標が空です"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", "千二百"], "実績値「千二百」は数値として読めません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", "-5"], "数値として読めません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", "1.234"], "数値として読めません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", "1e9"], "数値として読めません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", "9" * 13], "数値として読めません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", "=1+2"], "実績値「=1+2」は数値として読めません"),
        (["sakai-shinagawa", "実績", "2023-10-09", "", "", "来場者数", ""], "実績値が空です"),
        (["sakai-shinagawa", "実績", "2023-10-09", "メモ", "", "来場者数", "5"], "実績の行に内容は書けません"),
        (["sakai-shinagawa", "経過", "2023-10-08", "物産展", "", "来場者数", "5"], "経過の行に指標・実績値は書けません"),
        (["sakai-shinagawa", "経過", "2023-04-01", "完了", "完了", "", ""], "完了の日付が開始日（2023-05-01）より前です"),
    ],
)  # fmt: skip
def test_each_refused_row_says_why_and_nothing_can_be_confirmed(
    client, board, shared, kpi, row, reason
):
    before = written()
    response = preview_of(client, board, [PLAIN, row])
    rows = by_line(response)
    assert rows[2].action == "add"
    assert rows[3].action == "refuse" and reason in rows[3].reason, rows[3].reason
    html = response.content.decode()
    assert "取り込めない行が1行あります" in html and 'name="confirm"' not in html
    # A confirmation forged from the preview's file is refused too: nothing is written.
    payload = signing.Signer(salt="bulletin.results-import").sign_object(
        {
            "name": "results.csv",
            "content": base64.b64encode(csv_bytes([PLAIN, row])).decode(),
            "fingerprint": results_import.fingerprint(response.context["rows"]),
        }
    )
    response = client.post(IMPORT, {"confirm": "1", "payload": payload}, follow=True)
    assert "取り込めない行があります" in response.content.decode()
    assert written() == before


def test_duplicate_rows_in_the_file_are_refused(client, board, shared, kpi):
    rows = by_line(
        preview_of(
            client,
            board,
            [
                GOOD[0],
                GOOD[0],
                GOOD[1],
                ["sakai-shinagawa", "実績", "2023-10-10", "", "", "来場者数", "1300"],
            ],
        )
    )
    assert [rows[line].action for line in (2, 3, 4, 5)] == ["add", "refuse", "change", "refuse"]
    assert rows[3].reason == "2行目と同じ経過です"
    assert rows[5].reason.startswith("4行目と同じ指標の実績です")


def test_a_measurement_older_than_the_one_on_record_is_refused(client, board, shared, kpi):
    kpi.actual, kpi.actual_on = Decimal(900), datetime.date(2023, 12, 1)
    kpi.save()
    rows = by_line(preview_of(client, board, [GOOD[1]]))
    assert rows[2].action == "refuse"
    assert rows[2].reason == "記録済みの実績（2023-12-01）より前の測定です"


def test_a_board_born_collaboration_is_left_to_its_parties(client, board, proposal):
    realize(proposal, board)
    born = Collaboration.objects.get()
    rows = by_line(
        preview_of(client, board, [[born.slug, "経過", "2025-06-01", "進捗", "", "", ""]])
    )
    assert rows[2].action == "refuse" and "当事者の自治体が記入します" in rows[2].reason


def test_a_formula_looking_cell_is_stored_as_text(client, board, shared, kpi):
    formula = '=HYPERLINK("https://evil.example/","x")'
    response = preview_of(
        client, board, [["sakai-shinagawa", "経過", "2023-10-08", formula, "", "", ""]]
    )
    client.post(IMPORT, {"confirm": "1", "payload": response.context["payload"]})
    assert ProgressEntry.objects.get().text == formula  # as typed: text, not evaluated
    assert "=HYPERLINK(" in client.get(shared.get_absolute_url()).content.decode()


def test_records_changed_after_the_preview_stop_the_import(client, board, shared, kpi):
    response = preview_of(client, board, GOOD)
    kpi.actual, kpi.actual_on = Decimal(1100), datetime.date(2023, 10, 9)  # someone else, meanwhile
    kpi.save()
    before = written()
    response = client.post(
        IMPORT, {"confirm": "1", "payload": response.context["payload"]}, follow=True
    )
    assert "確認の後に記録が変わりました" in response.content.decode()
    assert written() == before


def test_a_tampered_payload_is_forbidden(client, board, shared, kpi):
    response = preview_of(client, board, GOOD)
    payload = response.context["payload"]
    for forged in (payload[:-2] + "xx", "", "a" * 500, payload + "\x00"):
        assert client.post(IMPORT, {"confirm": "1", "payload": forged}).status_code == 403
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize("bom", [True, False])
def test_utf8_with_or_without_bom_is_read(client, board, shared, kpi, bom):
    rows = by_line(preview_of(client, board, GOOD, bom=bom))
    assert [row.action for row in rows.values()] == ["add", "change", "add"]


def test_columns_in_any_order_and_optional_ones_left_out(client, board, shared, kpi):
    header = ["日付", "種別", "識別子", "内容"]
    rows = by_line(
        preview_of(
            client, board, [["2023-10-08", "経過", "sakai-shinagawa", "物産展"]], header=header
        )
    )
    assert rows[2].action == "add"


class TestRefusedFiles:
    """A file that cannot be read is a form error, before any row is looked up."""

    def errors(self, client, board, content, name="results.csv", monkeypatch=None):
        pass_second_factor(client, board.secretariat)
        response = client.post(IMPORT, {"file": upload(content, name)})
        assert response.status_code == 200
        assert "rows" not in response.context  # no preview
        return " ".join(response.context["form"].errors["file"])

    def test_shift_jis_is_refused_with_how_to_save_as_utf8(self, client, board, shared):
        content = csv_bytes([GOOD[0]], bom=False, encoding="cp932")
        assert "CSV UTF-8（コンマ区切り）" in self.errors(client, board, content)

    def test_bytes_of_no_encoding_are_refused(self, client, board, shared):
        assert "UTF-8で保存" in self.errors(client, board, b"\xff\xfe\xfd\x80\x81")

    def test_a_missing_column_is_named(self, client, board, shared):
        content = csv_bytes([["sakai-shinagawa", "経過"]], header=["識別子", "種別"])
        assert "必要な列がありません：日付" in self.errors(client, board, content)

    def test_a_column_named_twice_is_refused(self, client, board, shared):
        content = csv_bytes([], header=[*HEADER, "日付"])
        assert "同じ列が2つあります：日付" in self.errors(client, board, content)

    def test_an_empty_file_and_a_header_alone_are_refused(self, client, board, shared):
        assert "ファイルは空です" in self.errors(client, board, b"")  # Django's own check
        assert "ファイルが空です" in self.errors(client, board, csv_bytes([]))

    def test_too_many_rows(self, client, board, shared, monkeypatch):
        looked_up = []
        monkeypatch.setattr(results_import, "preview", looked_up.append)
        content = csv_bytes([GOOD[0]] * 1001)
        assert "1000行" in self.errors(client, board, content) and not looked_up

    def test_too_big_a_file(self, client, board, shared):
        content = csv_bytes([["sakai-shinagawa", "経過", "2023-10-08", "x" * 3000]] * 400)
        assert len(content) > results_import.MAX_BYTES
        assert "1MB" in self.errors(client, board, content)

    def test_a_nul_and_a_file_that_is_no_csv(self, client, board, shared):
        assert "NUL" in self.errors(client, board, csv_bytes([["a\x00", "経過", "2023-10-08"]]))
        assert "CSV（.csv）" in self.errors(client, board, csv_bytes([GOOD[0]]), "results.xlsx")


def test_the_template_csv_has_the_import_headers(client, board):
    pass_second_factor(client, board.secretariat)
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    assert next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == HEADER


def test_the_changelist_links_the_import_and_the_template(client, board):
    pass_second_factor(client, board.secretariat)
    html = client.get(reverse("admin:bulletin_collaboration_changelist")).content.decode()
    assert IMPORT in html and TEMPLATE in html


@pytest.mark.parametrize("who", ["member", "ward", "password_only"])
def test_nobody_but_the_secretariat_imports(client, board, shared, kpi, who):
    if who == "password_only":
        client.force_login(board.secretariat)  # no second factor
    else:
        client.force_login(board.proposer if who == "member" else board.ward)
    for response in (
        client.get(IMPORT),
        client.get(TEMPLATE),
        client.post(IMPORT, {"file": upload(csv_bytes(GOOD))}),
    ):
        assert response.status_code == 302, response.status_code
    assert not ProgressEntry.objects.exists()


def test_the_preview_reads_a_fixed_number_of_queries(client, board, shared, kpi):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        rows = [
            ["sakai-shinagawa", "経過", "2023-10-08", f"経過{index}", "", "", ""]
            for index in range(count)
        ]
        table = results_import.read_table("results.csv", csv_bytes(rows))
        with CaptureQueriesContext(connection) as context:
            results_import.preview(table, user=board.secretariat)
        return len(context.captured_queries)

    queries(1)  # the secretariat's role, read once per request
    assert queries(3) == queries(300)


def test_the_desk_links_the_import(client, board):
    pass_second_factor(client, board.secretariat)
    html = client.get(reverse("bulletin:desk")).content.decode()
    assert IMPORT in html and TEMPLATE in html
