"""The Makefile's development entry points: what `make run` and `make test-fast` would do."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(*args: str) -> str:
    return subprocess.run(
        [shutil.which("make"), "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_make_run_points_mail_links_at_its_host():
    commands = _dry_run("run", "HOST=127.0.0.1:8104")
    assert 'DJANGO_SITE_URL="${DJANGO_SITE_URL:-http://127.0.0.1:8104}"' in commands


def test_make_test_fast_says_what_it_leaves_out_without_java():
    commands = _dry_run("test-fast")
    assert "skipping tests/portal/test_html_validity.py" in commands
