"""The register of ties: the shipped ties, a ward's page, and importing ties from CSV or XLSX."""

import csv
import datetime
import io
import zipfile

from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from network import ties_import
from network.models import Tie, TieKind
from tests.factories import make_municipality, make_prefecture, pass_second_factor


class TestTies:
    def test_the_shipped_ties_load_and_name_the_documents_ties(self, full_register):
        call_command("loaddata", "collaborations", "ties", verbosity=0)
        edogawa = Tie.objects.filter(ward__name="江戸川区")
        assert {t.kind for t in edogawa} == {TieKind.FRIENDSHIP, TieKind.EXCHANGE}
        assert edogawa.get(kind=TieKind.FRIENDSHIP).municipalities.get().name == "鶴岡市"
        snow = Tie.objects.filter(municipalities__name="西和賀町").values_list(
            "ward__name", flat=True
        )
        assert sorted(snow) == sorted(["荒川区", "江東区", "品川区"])
        assert Tie.objects.filter(ward__name="渋谷区", area_name__contains="やましろ").exists()
        assert Tie.objects.filter(area_name__contains="十勝").count() == 2
        counts = Tie.objects.counts_per_ward()
        assert counts[Tie.objects.get(slug="edogawa-tsuruoka").ward_id] == 2

    def test_a_wards_page_shows_its_ties_and_their_count(self, client, places):
        tie = Tie.objects.create(slug="t", ward=places.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([places.sakai])
        page = client.get(places.shinagawa.get_absolute_url()).content.decode()
        assert "交流関係 1件" in page and "坂井市" in page and "友好都市・姉妹都市" in page
        page = client.get(places.sakai.get_absolute_url()).content.decode()
        assert "交流関係" in page and "品川区" in page


def csv_file(rows, name="ties.csv"):
    text = "\n".join(",".join(row) for row in rows)
    upload = io.BytesIO(("\ufeff" + text).encode("utf-8"))
    upload.name = name
    return upload


HEADER = ["識別子", "区", "相手の自治体", "地域名", "種類", "開始日", "出典", "備考"]


class TestTieImport:
    def test_preview_says_what_is_added_changed_or_refused_and_why(self, places):
        Tie.objects.create(slug="old", ward=places.shinagawa, kind=TieKind.EXCHANGE, area_name="旧")
        rows = ties_import.preview(
            [
                dict(zip([ties_import.COLUMNS[h] for h in HEADER], row, strict=True))
                for row in [
                    ["", "品川区", "坂井市", "", "友好都市・姉妹都市", "2015/11/18", "資料", ""],
                    ["old", "品川区", "", "新しい地域", "交流事業", "", "", ""],
                    ["", "渋谷区", "坂井市", "", "交流事業", "", "", ""],
                    ["", "品川区", "存在しない町", "", "交流事業", "", "", ""],
                    ["", "品川区", "坂井市", "", "なかよし", "", "", ""],
                    ["", "品川区", "白糠町", "", "交流事業", "令和99年13月1日", "", ""],
                ]
            ]
        )
        assert [row.action for row in rows] == ["add", "change", *["refuse"] * 4]
        assert "渋谷区" in rows[2].reason
        assert "存在しない町" in rows[3].reason
        assert "種類" in rows[4].reason
        assert "開始日" in rows[5].reason

    def test_admin_import_is_all_or_nothing(self, client, places):
        pass_second_factor(client, places.secretariat)
        url = reverse("admin:network_tie_import")
        bad = csv_file(
            [
                HEADER,
                ["", "品川区", "坂井市", "", "交流事業", "", "", ""],
                ["", "品川区", "存在しない町", "", "交流事業", "", "", ""],
            ]
        )
        page = client.post(url, {"file": bad}).content.decode()
        assert "取り込めない行が1行あります" in page and "この内容で取り込む" not in page
        assert not Tie.objects.exists()

        good = csv_file(
            [
                HEADER,
                ["", "品川区", "坂井市", "", "交流事業", "2015-11-18", "資料", ""],
                ["", "品川区", "白糠町", "", "災害時相互応援協定", "", "", ""],
            ]
        )
        response = client.post(url, {"file": good})
        payload = response.context["payload"]
        assert not Tie.objects.exists()  # the preview writes nothing
        client.post(url, {"confirm": "1", "payload": payload})
        assert Tie.objects.count() == 2
        assert Tie.objects.get(kind=TieKind.EXCHANGE).since == datetime.date(2015, 11, 18)
        # Each imported tie joins the history as the secretariat's change; importing the same
        # file again changes nothing and adds no history.
        from network.models import TieChange

        history = list(TieChange.objects.values_list("action", "user", "tie__kind"))
        assert sorted(history) == [
            ("created", places.secretariat.pk, TieKind.DISASTER),
            ("created", places.secretariat.pk, TieKind.EXCHANGE),
        ]
        again = csv_file(
            [
                HEADER,
                ["", "品川区", "坂井市", "", "交流事業", "2015-11-18", "資料", ""],
                ["", "品川区", "白糠町", "", "災害時相互応援協定", "", "", ""],
            ]
        )
        payload = client.post(url, {"file": again}).context["payload"]
        client.post(url, {"confirm": "1", "payload": payload})
        assert TieChange.objects.count() == 2

    def test_xlsx_is_read_too(self, places):
        book = Workbook()
        book.active.append(HEADER)
        book.active.append(["", "品川区", "坂井市", "", "交流事業", datetime.datetime(2016, 4, 1)])
        buffer = io.BytesIO()
        book.save(buffer)
        rows = ties_import.preview(ties_import.read_table("ties.xlsx", buffer.getvalue()))
        assert rows[0].action == "add" and rows[0].values["since"] == "2016-04-01"

    def test_a_tampered_payload_is_refused(self, client, places):
        pass_second_factor(client, places.secretariat)
        response = client.post(
            reverse("admin:network_tie_import"), {"confirm": "1", "payload": "x:y"}
        )
        assert response.status_code == 403


class TestTieExport:
    def export(self, client, places, ties):
        pass_second_factor(client, places.secretariat)
        return client.post(
            reverse("admin:network_tie_changelist"),
            {"action": "export_csv", "_selected_action": [tie.pk for tie in ties]},
        )

    def test_the_export_imports_back_unchanged(self, client, places):
        fuchu_tokyo = make_municipality("府中市", prefecture=make_prefecture("13", "東京都"))
        fuchu_hiroshima = make_municipality("府中市", prefecture=make_prefecture("34", "広島県"))
        first = Tie.objects.create(
            slug="sakai",
            ward=places.shinagawa,
            kind=TieKind.FRIENDSHIP,
            since=datetime.date(2015, 11, 18),
            source="資料",
            note='=HYPERLINK("http://example.com")',
        )
        first.municipalities.set([places.sakai, places.shiranuka])
        second = Tie.objects.create(
            slug="fuchu", ward=places.shinagawa, kind=TieKind.EXCHANGE, area_name="府中地域"
        )
        second.municipalities.set([fuchu_hiroshima])
        response = self.export(client, places, [first, second])
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="ties-')
        text = response.content.decode("utf-8-sig")
        table = list(csv.DictReader(io.StringIO(text)))
        assert list(table[0]) == HEADER
        assert {row["識別子"] for row in table} == {"sakai", "fuchu"}
        sakai = next(row for row in table if row["識別子"] == "sakai")
        assert sakai["相手の自治体"] == "北海道白糠町、福井県坂井市"  # in code order
        assert sakai["種類"] == "友好都市・姉妹都市" and sakai["開始日"] == "2015-11-18"
        assert sakai["備考"].startswith("'=")  # a formula stays text in Excel
        fuchu = next(row for row in table if row["識別子"] == "fuchu")
        assert fuchu["相手の自治体"] == "広島県府中市"
        assert fuchu_tokyo.pk not in second.municipalities.values_list("pk", flat=True)
        # Read back as the secretariat would after opening it in Excel and saving it unchanged.
        sakai["備考"] = sakai["備考"][1:]
        rows = ties_import.preview(
            [{ties_import.COLUMNS[h]: value for h, value in row.items()} for row in table]
        )
        assert [row.action for row in rows] == ["unchanged", "unchanged"], [r.reason for r in rows]

    def test_the_export_speaks_japanese_columns_under_english(self, client, places):
        tie = Tie.objects.create(slug="t", ward=places.shinagawa, kind=TieKind.EXCHANGE)
        tie.municipalities.set([places.sakai])
        pass_second_factor(client, places.secretariat)
        response = client.post(
            "/en" + reverse("admin:network_tie_changelist"),
            {"action": "export_csv", "_selected_action": [tie.pk]},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        row = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))[0]
        assert row["種類"] == "交流事業"

    def test_only_the_secretariat_exports(self, client, places):
        tie = Tie.objects.create(slug="t", ward=places.shinagawa, kind=TieKind.EXCHANGE)
        response = client.post(
            reverse("admin:network_tie_changelist"),
            {"action": "export_csv", "_selected_action": [tie.pk]},
        )
        assert response.status_code == 302 and "login" in response["Location"]


class TestTieImportLimits:
    """Hostile or oversized files get a form error, never a 500 or a half-minute preview."""

    def post(self, client, places, name, content):
        pass_second_factor(client, places.secretariat)
        upload = io.BytesIO(content)
        upload.name = name
        return client.post(reverse("admin:network_tie_import"), {"file": upload})

    def errors(self, response):
        assert response.status_code == 200
        assert "rows" not in response.context  # no preview
        return response.context["form"].errors["file"]

    def test_a_csv_with_a_nul_is_refused(self, client, places):
        content = "\n".join([",".join(HEADER), "x,品川\x00区,坂井市,,交流事業,,,"]).encode()
        assert "NUL" in self.errors(self.post(client, places, "ties.csv", content))[0]

    def test_an_xlsx_that_is_not_a_zip_is_refused(self, client, places):
        errors = self.errors(self.post(client, places, "ties.xlsx", b"PK\x03\x04 not a zip"))
        assert "Excel" in errors[0]

    def test_a_7_mb_file_is_refused_before_it_is_read(self, client, places, monkeypatch):
        row = ",品川区,坂井市,,交流事業,,,出典" + "x" * 80
        content = "\n".join([",".join(HEADER), *[row] * 60_000]).encode()
        assert len(content) > 7_000_000
        looked_up = []
        monkeypatch.setattr(ties_import, "preview", looked_up.append)
        errors = self.errors(self.post(client, places, "ties.csv", content))
        assert "1MB" in errors[0] and not looked_up

    def test_more_rows_than_the_limit_are_refused_without_a_lookup(
        self, client, places, monkeypatch
    ):
        rows = [",".join(HEADER), *[",品川区,坂井市,,交流事業,,," for _ in range(1001)]]
        content = "\n".join(rows).encode()
        assert len(content) < ties_import.MAX_BYTES
        looked_up = []
        monkeypatch.setattr(ties_import, "preview", looked_up.append)
        errors = self.errors(self.post(client, places, "ties.csv", content))
        assert "1000行" in errors[0] and not looked_up

    def test_an_xlsx_with_too_many_rows_is_refused(self, client, places):
        book = Workbook()
        book.active.append(HEADER)
        for _ in range(1001):
            book.active.append(["", "品川区", "坂井市", "", "交流事業"])
        buffer = io.BytesIO()
        book.save(buffer)
        errors = self.errors(self.post(client, places, "ties.xlsx", buffer.getvalue()))
        assert "1000行" in errors[0]

    def test_a_field_past_the_csv_reader_limit_is_refused(self, client, places):
        content = (",".join(HEADER) + "\n" + ",品川区,坂井市,,交流事業,,," + "x" * 200_000).encode()
        assert "CSV" in self.errors(self.post(client, places, "ties.csv", content))[0]

    def test_an_xlsx_that_inflates_past_the_limit_is_refused(self, client, places):
        book = Workbook()
        book.active.append(HEADER)
        buffer = io.BytesIO()
        book.save(buffer)
        bomb = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
        ):
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 200_000_000)
                target.writestr(info.filename, data)
        assert len(bomb.getvalue()) < ties_import.MAX_BYTES
        errors = self.errors(self.post(client, places, "ties.xlsx", bomb.getvalue()))
        assert "Excel" in errors[0]
