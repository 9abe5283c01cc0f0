"""A web worker starts light: the libraries that only exports and uploads need (openpyxl, which
takes numpy along where it is installed, and pypdf) load with the first spreadsheet or PDF, not
with every worker (issue: worker memory under 150 MB after 20,000 requests)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["openpyxl", "pypdf", "numpy"]

PROBE = """
import sys
from portal.wsgi import application
from django.urls import get_resolver
get_resolver().reverse_dict  # every URLconf, and so every view module, as a first request does
print(" ".join(name for name in {heavy!r} if name in sys.modules))
"""


def _worker(extra: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="worker-start-test-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY) + extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_worker_serving_pages_has_not_loaded_the_export_and_pdf_libraries():
    assert _worker().split("\n")[0] == ""


def test_the_first_spreadsheet_loads_them():
    extra = """
from core.spreadsheets import rows_workbook, workbook_bytes
assert workbook_bytes(rows_workbook([("s", ["a"], [["=1+1"]])]))[:2] == b"PK"
print("openpyxl" in sys.modules)
"""
    assert _worker(extra).split("\n")[1] == "True"
