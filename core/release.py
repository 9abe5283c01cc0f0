"""The release a process runs: what, besides the data, shapes the pages it renders.

The portal's own code, templates, translations and static files, the versions of the installed
packages, and the settings that pages print (PUBLIC_CACHE_RELEASE_SETTINGS: the open-data
licence, the site's address …). The public-page cache folds the release into every page's key
and validators, so after a deploy, or a change of one of those settings, no visitor is served a
page (or a 304) of the release before; while an old and a new release run side by side, each
keeps its own pages.

The files are read once per process (about 1 MB, a few milliseconds); the settings on every
call, so a setting changed for one test is seen at once. In development, runserver's reloader
restarts the process when a Python file changes and reloads templates and translations in place;
when it does, the files are read again (`files_changed`), so an edited template is on the next
page rather than hidden behind the pages cached before. Nothing else sends that signal: a
production worker keeps the release it started with.
"""

import functools
import hashlib
import importlib.metadata
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

# The files that shape a page. Data (fixtures, the database, uploads) is not among them: its
# writes bump the public pages' stamp.
_SUFFIXES = frozenset(
    {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".png", ".jpg", ".ico", ".webp"}
)
_PRUNED_NAMES = frozenset({"__pycache__", "node_modules", "tests", "benchmarks", "fixtures"})
SEEN_KEY_PREFIX = "public-cache:release-seen"


def _pruned_paths() -> set[Path]:
    paths = set()
    for name in ("STATIC_ROOT", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        value = getattr(settings, name, None)
        if value:
            paths.add(Path(value).resolve())
    return paths


def _source_files(base: Path):
    pruned = _pruned_paths()
    for root, dirs, files in os.walk(base):
        root_path = Path(root)
        dirs[:] = sorted(
            name
            for name in dirs
            if not name.startswith(".")
            and name not in _PRUNED_NAMES
            and (root_path / name).resolve() not in pruned
            and not (root_path / name / "pyvenv.cfg").exists()  # a virtualenv: its packages
        )
        for name in sorted(files):
            if os.path.splitext(name)[1] in _SUFFIXES:
                yield root_path / name


@functools.cache
def files_digest() -> str:
    """The portal's files and the installed packages, as this process found them at first use
    (the public-page cache asks when the process starts)."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in _source_files(base):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def files_changed(sender=None, file_path=None, **kwargs) -> None:
    """runserver's reloader saw a file change (django.utils.autoreload.file_changed): read the
    files again at the next request. Returns None, so it never stops a restart Django wants."""
    files_digest.cache_clear()


@functools.lru_cache(maxsize=16)
def _combined(files: str, shown_settings: tuple) -> str:
    return hashlib.sha256(f"{files}\0{shown_settings!r}".encode()).hexdigest()[:12]


def current() -> str:
    """A short name for the release this process runs, as its settings stand now."""
    names = getattr(settings, "PUBLIC_CACHE_RELEASE_SETTINGS", ())
    return _combined(files_digest(), tuple([getattr(settings, name, None) for name in names]))


_seen: dict[str, float] = {}


def first_seen(release: str) -> float:
    """When any process first served this release (a POSIX time, kept in the shared cache):
    pages' Last-Modified is never earlier, so a client that asks only If-Modified-Since gets
    the new release's page, not a 304."""
    seen = _seen.get(release)
    if seen is None:
        key = f"{SEEN_KEY_PREFIX}:{release}"
        try:
            cache.add(key, int(time.time()), None)
            seen = cache.get(key)
        except Exception:  # the cache is down: this process's first use stands in
            seen = None
        seen = seen or int(time.time())
        _seen[release] = seen
    return seen
