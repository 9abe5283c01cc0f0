"""The README and docs/ point at things that exist: every file path they name in backticks, every
relative link and its anchor. And the README stays short enough to read: the rest is in docs/."""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 220

# Folders the portal creates when it runs (git-ignored), named as settings' defaults.
CREATED_AT_RUN_TIME = {"media/", "private-media/"}

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
# A path in the repository: no scheme, not absolute, no placeholder, and a file with an
# extension, a folder written with its slash (`tests/browser/`) or anything under one of the
# repository's own top-level names (`.ci/run`). `N/min` or `text/html` are not paths.
_PATH = re.compile(r"^\.?[\w-]+(?:/[\w.-]+)*/?$")
_FILE_OR_FOLDER = re.compile(r"(?:\.\w+|/)$")
_LINE_SUFFIX = re.compile(r":\d+(?:[-,]\d+)*$")  # tests/search/test_search.py:71-74
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _prose(path: Path) -> str:
    """The document without its code blocks (commands, unit files, printed output)."""
    return _FENCE.sub("", path.read_text(encoding="utf-8"))


def named_paths(path: Path) -> list[str]:
    found = []
    for span in _CODE_SPAN.findall(_prose(path)):
        candidate = _LINE_SUFFIX.sub("", span.strip())
        if "/" not in candidate or not _PATH.match(candidate) or candidate in CREATED_AT_RUN_TIME:
            continue
        if _FILE_OR_FOLDER.search(candidate) or (ROOT / candidate.split("/")[0]).exists():
            found.append(candidate)
    return found


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower()
    text = "".join(
        ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in ("L", "N", "M")
    )
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {
        heading_anchor(line.lstrip("#"))
        for line in _prose(path).splitlines()
        if re.match(r"^#{1,6} ", line)
    }


def relative_links(path: Path) -> list[str]:
    return [
        target
        for target in _LINK.findall(_prose(path))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target)  # https:, mailto:
    ]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("document", DOCUMENTS, ids=_name)
def test_every_file_path_a_document_names_exists(document):
    paths = named_paths(document)
    missing = [name for name in paths if not (ROOT / name).exists()]
    assert not missing, f"{_name(document)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=_name)
def test_every_relative_link_and_its_anchor_resolves(document):
    broken = []
    for target in relative_links(document):
        file_part, _, anchor = target.partition("#")
        linked = (document.parent / file_part).resolve() if file_part else document
        missing_anchor = bool(anchor) and linked.suffix == ".md" and anchor not in anchors(linked)
        if not linked.exists() or missing_anchor:
            broken.append(target)
    assert not broken, f"{_name(document)} links to what does not exist: {broken}"


def test_the_checks_find_a_stale_path_and_a_broken_link(tmp_path):
    """The checks above would catch the README's old `portal/spreadsheets.py`."""
    page = tmp_path / "page.md"
    page.write_text(
        "# A page\n\nCSV is written by `portal/spreadsheets.py` (`core/spreadsheets.py`), at "
        "`N/min`, as `text/csv`; mail goes through `members/outbox`.\n\n"
        "[here](#a-page), [there](#elsewhere), [gone](gone.md).\n",
        encoding="utf-8",
    )
    paths = named_paths(page)
    assert paths == ["portal/spreadsheets.py", "core/spreadsheets.py", "members/outbox"]
    missing = [name for name in paths if not (ROOT / name).exists()]
    assert missing == ["portal/spreadsheets.py", "members/outbox"]
    assert relative_links(page) == ["#a-page", "#elsewhere", "gone.md"]
    assert anchors(page) == {"a-page"}


def test_the_readme_is_short_and_links_every_document_in_docs():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in relative_links(README)}
    unlinked = [_name(doc) for doc in DOCUMENTS[1:] if doc.resolve() not in linked]
    assert not unlinked, f"README.md does not link {unlinked}"


_SETTING_FROM_ENV = re.compile(
    r"(?:environ\.get|env_bool|env_list|env_storage)\(\s*\"([A-Z][A-Z0-9_]+)\""
    r"|environ\[\"([A-Z][A-Z0-9_]+)\"\]"
)


def test_every_variable_the_settings_read_is_in_the_readmes_configuration_table():
    settings_text = (ROOT / "portal" / "settings.py").read_text(encoding="utf-8")
    names = set()
    for match in _SETTING_FROM_ENV.finditer(settings_text):
        name = match[1] or match[2]
        names.add(name)
        if match[0].startswith("env_storage"):
            names.add(f"{name}_OPTIONS")
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration") :].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`|/ `([A-Z][A-Z0-9_]+)`", table, re.M))
    documented = {a or b for a, b in documented}
    assert len(names) > 30, names  # the pattern still finds the settings' variables
    assert sorted(names - documented) == []
