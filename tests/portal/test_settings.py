import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="portal.example.jp")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr  # one clear line, not a stack


def test_schema_commands_run_on_a_clean_checkout_without_a_secret_key():
    """`makemigrations --check` needs no secret; the check that serves does (above)."""
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert run_manage("migrate", "--plan").returncode != 0  # touches the database: refused


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "portal.example.jp",
    "DATABASE_URL": "postgres://portal:secret@db:5432/portal",
    "REDIS_URL": "redis://cache:6379/0",
}
# Behind a TLS-terminating proxy that redirects HTTP to HTTPS itself (docs/operations.md, "Behind a TLS proxy").
BEHIND_TLS_PROXY = {
    **PRODUCTION,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
}


@pytest.mark.parametrize("environment", [PRODUCTION, BEHIND_TLS_PROXY], ids=["direct", "tls-proxy"])
def test_check_deploy_reports_no_warning_with_production_settings(environment):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_plain_http_without_a_proxy_is_still_reported():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **{**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0"},
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_no_wildcard_host_and_japanese_first():
    assert "*" not in settings.ALLOWED_HOSTS
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert [code for code, _ in settings.LANGUAGES] == ["ja", "en"]


def _make(*args, debug=None):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    if debug is not None:
        env["DJANGO_DEBUG"] = debug
    return subprocess.run(
        [shutil.which("make"), "--no-print-directory", "-s", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


SHOW_DEBUG = ["--eval", "show-debug: ; @echo $$DJANGO_DEBUG", "show-debug"]


def test_make_defaults_to_debug_but_a_production_environment_keeps_its_own():
    assert _make(*SHOW_DEBUG).strip() == "1"
    assert _make(*SHOW_DEBUG, debug="0").strip() == "0"


def test_no_make_target_writes_a_dotenv_unless_asked():
    # Dry runs of every target a production operator might type, forced to show all commands.
    commands = _make("-n", "-B", "install", "migrate", "fixtures", "messages", "check-deploy")
    assert "manage.py migrate" in commands
    assert ".env" not in commands
    assert "> .env" in _make("-n", "dev-env")


STORAGE_REPORT = """
from django.core.files.storage import default_storage
default_storage._setup()
from bulletin.models import ProposalAttachment
private = ProposalAttachment._meta.get_field("file").storage
print(type(default_storage._wrapped).__name__, default_storage.base_url, default_storage.location)
print(type(private).__name__, private.base_location)
"""


def storage_report(**env: str) -> list[str]:
    result = run_manage("shell", "--no-imports", "-c", STORAGE_REPORT, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")


def test_media_storage_is_a_shared_path_by_default(tmp_path):
    lines = storage_report(
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    assert lines[0] == f"FileSystemStorage /media/ {tmp_path / 'media'}"
    assert lines[1] == f"FileSystemStorage {tmp_path / 'private'}"


def test_media_storage_backends_come_from_the_environment(tmp_path):
    # Any backend (django-storages' S3Storage, say) with its options as JSON; InMemoryStorage
    # stands in here because it takes a location and a base_url too.
    lines = storage_report(
        DJANGO_MEDIA_STORAGE="django.core.files.storage.InMemoryStorage",
        DJANGO_MEDIA_STORAGE_OPTIONS='{"location": "photos", "base_url": "https://media.example.jp/"}',
        DJANGO_PRIVATE_MEDIA_STORAGE="django.core.files.storage.InMemoryStorage",
        DJANGO_PRIVATE_MEDIA_STORAGE_OPTIONS='{"location": "attachments"}',
    )
    assert lines[0] == "InMemoryStorage https://media.example.jp/ " + str(Path("photos").resolve())
    assert lines[1] == "InMemoryStorage attachments"


def test_storage_options_that_are_not_json_stop_with_the_variable_named():
    result = run_manage(
        "check",
        DJANGO_DEBUG="1",
        DJANGO_MEDIA_STORAGE="storages.backends.s3.S3Storage",
        DJANGO_MEDIA_STORAGE_OPTIONS="bucket_name=portal",
    )
    assert result.returncode != 0
    assert "DJANGO_MEDIA_STORAGE_OPTIONS" in result.stderr
