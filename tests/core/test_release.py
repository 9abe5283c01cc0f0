"""The release a process runs: changed by the code, templates, translations and static files,
not by the data."""

import pytest

from core import release


@pytest.fixture
def project(tmp_path, settings):
    """A tiny project tree with the kinds of file a deploy changes and those the data does."""
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    files = {
        "events/views.py": "def view(): ...\n",
        "templates/base.html": "<footer>{{ licence }}</footer>\n",
        "locale/en/LC_MESSAGES/django.mo": "compiled",
        "static/css/site.css": "body { margin: 0 }\n",
        "fixtures/events.json": "[]",
        "staticfiles/css/site.abc123.css": "body { margin: 0 }\n",
        "media/photos/a.jpg": "jpeg",
        "db.sqlite3": "database",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    release.files_digest.cache_clear()
    yield tmp_path
    release.files_digest.cache_clear()


def digest_after(change):
    before = release.files_digest()
    change()
    release.files_digest.cache_clear()
    return before, release.files_digest()


@pytest.mark.parametrize(
    "name, makes_a_new_release",
    [
        ("events/views.py", True),
        ("templates/base.html", True),
        ("locale/en/LC_MESSAGES/django.mo", True),
        ("static/css/site.css", True),
        # Data, uploads and collected copies are not the release: writes bump the stamp.
        ("fixtures/events.json", False),
        ("staticfiles/css/site.abc123.css", False),
        ("media/photos/a.jpg", False),
        ("db.sqlite3", False),
    ],
)
def test_code_templates_translations_and_static_files_make_a_new_release_and_data_does_not(
    project, name, makes_a_new_release
):
    before, after = digest_after(lambda: (project / name).write_text("changed"))
    assert (before != after) is makes_a_new_release


def test_a_setting_that_pages_print_makes_a_new_release(project, settings):
    before = release.current()
    settings.OPENDATA_LICENCE_NAME = "CC0 1.0"
    assert release.current() != before
    settings.OPENDATA_LICENCE_NAME = "CC BY 4.0"
    assert release.current() == before


def test_a_running_worker_keeps_its_release_while_files_change_under_it(project):
    """In production nothing but a restart makes a new release: a half-copied deploy does not
    split one worker's pages between two releases. (In development, runserver's reloader tells
    the process: tests/core/test_public_cache.py.)"""
    before = release.files_digest()
    (project / "templates/base.html").write_text("<footer>changed</footer>\n")
    assert release.files_digest() == before
