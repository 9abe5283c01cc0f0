"""The XLSX template (one row per ward and partner municipality, the kinds spelled out) and the
XLSX export: both read back through the import's preview as the register they came from."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from network import ties_import
from network.models import Tie, TieKind
from tests.factories import make_prefecture, make_ward, pass_second_factor


def register(places):
    group = Tie.objects.create(
        slug="snow",
        ward=places.shinagawa,
        kind=TieKind.EXCHANGE,
        since=datetime.date(2015, 11, 18),
        source="資料",
        note='=HYPERLINK("http://example.com")',
    )
    group.municipalities.set([places.sakai, places.shiranuka])
    area = Tie.objects.create(
        slug="area", ward=places.shinagawa, kind=TieKind.WIDE_AREA, area_name="北海道十勝地域"
    )
    return group, area


def preview_of(content: bytes, name="template.xlsx"):
    return ties_import.preview(ties_import.read_table(name, content))


class TestTemplate:
    def download(self, client, places):
        pass_second_factor(client, places.secretariat)
        response = client.get(reverse("admin:network_tie_template"))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="ties-template-')
        return response.content

    def test_one_row_per_ward_and_partner_with_the_kinds_listed(self, client, places):
        register(places)
        make_ward("目黒区", code="131105", kana="メグロク")
        content = self.download(client, places)
        book = load_workbook(io.BytesIO(content))
        sheet = book.active
        assert sheet.title == "交流関係"
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0] == list(ties_import.COLUMNS)
        partners = sorted((row[0], row[2]) for row in rows[1:])
        assert partners == [("area", None), ("snow", "北海道白糠町"), ("snow", "福井県坂井市")]
        kinds = [row[0].value for row in book["種類"].iter_rows(min_row=2)]
        assert kinds == [str(kind.label) for kind in TieKind]
        assert [row[0].value for row in book["区"].iter_rows(min_row=2)] == ["品川区", "目黒区"]
        lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
        assert lists["E2:E1001"] == "'種類'!$A$2:$A$6"
        assert lists["B2:B1001"] == "'区'!$A$2:$A$3"
        # A note that looks like a formula is text, not a formula.
        note = next(row[7] for row in rows[1:] if row[0] == "snow")
        assert note == '=HYPERLINK("http://example.com")'
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row if cell.value)

    def test_the_template_imports_back_unchanged(self, client, places):
        register(places)
        rows = preview_of(self.download(client, places))
        assert [row.action for row in rows] == ["unchanged", "merged", "unchanged"], [
            row.reason for row in rows
        ]

    def test_a_partner_added_on_a_row_of_its_own_joins_the_tie(self, client, places):
        group, _area = register(places)
        other = make_prefecture("02", "青森県")
        from tests.factories import make_municipality

        make_municipality("十和田市", prefecture=other, kind="city")
        book = load_workbook(io.BytesIO(self.download(client, places)))
        sheet = book.active
        first = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "snow")
        sheet.append(["snow", first[1], "青森県十和田市", *first[3:]])
        sheet.cell(sheet.max_row, 8).data_type = "s"  # the note stays text, as Excel keeps it
        sheet.append(["", "品川区", "青森県十和田市", "", "災害時相互応援協定", "", "", ""])
        output = io.BytesIO()
        book.save(output)
        rows = preview_of(output.getvalue())
        assert [row.action for row in rows] == ["change", "merged", "unchanged", "merged", "add"], [
            row.reason for row in rows
        ]
        ties_import.apply(rows)
        assert sorted(group.municipalities.values_list("name", flat=True)) == [
            "十和田市",
            "坂井市",
            "白糠町",
        ]
        assert Tie.objects.filter(kind=TieKind.DISASTER, municipalities__name="十和田市").exists()

    def test_the_ties_sheet_is_read_whichever_sheet_was_left_active(self, client, places):
        register(places)
        book = load_workbook(io.BytesIO(self.download(client, places)))
        book.active = book.sheetnames.index("種類")
        output = io.BytesIO()
        book.save(output)
        rows = preview_of(output.getvalue())
        assert [row.action for row in rows] == ["unchanged", "merged", "unchanged"]

    def test_rows_of_one_identifier_that_disagree_are_refused(self, places):
        header = list(ties_import.COLUMNS)
        table = [
            dict(zip([ties_import.COLUMNS[h] for h in header], row, strict=True))
            for row in [
                ["x", "品川区", "坂井市", "", "交流事業", "", "", ""],
                ["x", "品川区", "白糠町", "", "友好都市", "", "", ""],
            ]
        ]
        rows = ties_import.preview(table)
        assert [row.action for row in rows] == ["add", "refuse"]
        assert "重複" in rows[1].reason

    def test_only_the_secretariat_downloads_it(self, client, places):
        response = client.get(reverse("admin:network_tie_template"))
        assert response.status_code == 302 and "login" in response["Location"]
        client.force_login(places.secretariat)  # password only: the second factor first
        response = client.get(reverse("admin:network_tie_template"))
        assert response.status_code == 302 and "reauthenticate" in response["Location"]


class TestXlsxExport:
    def test_the_admin_exports_xlsx_that_imports_back_unchanged(self, client, places):
        group, area = register(places)
        pass_second_factor(client, places.secretariat)
        response = client.post(
            reverse("admin:network_tie_changelist"),
            {"action": "export_xlsx", "_selected_action": [group.pk, area.pk]},
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0] == list(ties_import.COLUMNS)
        snow = next(row for row in values if row[0] == "snow")
        assert snow[2] == "北海道白糠町、福井県坂井市" and snow[4] == "交流事業"
        rows = preview_of(response.content, name="ties.xlsx")
        assert [row.action for row in rows] == ["unchanged", "unchanged"]
