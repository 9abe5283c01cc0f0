"""Every CSV and XLSX the portal writes goes through core/spreadsheets: text never runs as a formula."""

import csv
import io
import re
from pathlib import Path

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.spreadsheets import new_workbook, workbook_bytes
from members.models import Membership
from tests.factories import make_member, make_municipality, make_secretariat, pass_second_factor

ROOT = Path(__file__).resolve().parents[2]
WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|xlsxwriter|\bwriterows?\(")
SKIPPED = {".venv", "node_modules", "tests", "build", "benchmarks", "migrations", ".git"}


def test_no_module_writes_csv_or_xlsx_except_core_spreadsheets():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED & set(relative.parts) or relative == Path("core/spreadsheets.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WRITERS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_desks_applications_csv_keeps_formulas_as_text(client, db):
    applicant = make_member(make_municipality(), status="pending")
    Membership.objects.filter(user=applicant).update(
        department='=HYPERLINK("http://evil.example/","x")', full_name="=cmd|' /C calc'!A0"
    )
    pass_second_factor(client, make_secretariat())
    response = client.get(reverse("bulletin:desk-csv", args=["applications"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1:3] == ['\'=HYPERLINK("http://evil.example/","x")', "'=cmd|' /C calc'!A0"]


def test_a_workbook_saved_through_core_has_no_formula_cells():
    workbook = new_workbook()
    workbook.active["A1"] = "=1+1"  # set directly, not through append_row
    workbook.active.append(["@SUM(A1)", "普通の文字"])
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert [cell.data_type for cell in sheet["A"]] == ["s", "s"]
    assert sheet["A1"].value == "=1+1" and sheet["A1"].quotePrefix
    assert isinstance(new_workbook(), Workbook)
