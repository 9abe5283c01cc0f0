"""Links that a page repeats once per row (a body's 129 members, a list of 50 projects).

Django's reverse() walks the URL resolver on every call (about 20-40 µs here): a page of a few
hundred links spends milliseconds on them, on every render after a write. reverse_row() reverses
each URL name once per language (and script prefix and urlconf, which also shape the URL) with a
placeholder, and puts the row's value in its place. Only for values that need no quoting (ASCII
letters, digits, "-" and "_": codes and slugs); any other value goes through reverse().
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

_PLACEHOLDER = "row-placeholder"
_plain = re.compile(r"[-\w]+", re.ASCII).fullmatch


def _context() -> tuple:
    """What shapes a reversed URL besides its arguments: the language (i18n_patterns), the
    script prefix and the urlconf (the request's, else the setting, which tests override)."""
    return translation.get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=64)
def _around(viewname: str, kwarg: str, *_key) -> tuple[str, str]:
    # `_key` (_context()) only keys the cache: it is the context active here.
    before, _found, after = reverse(viewname, kwargs={kwarg: _PLACEHOLDER}).rpartition(_PLACEHOLDER)
    return before, after


def reverse_row(viewname: str, **kwargs: str) -> str:
    """reverse(viewname, kwargs=kwargs) for a URL with one str or slug argument."""
    ((kwarg, value),) = kwargs.items()
    if not _plain(value):
        return reverse(viewname, kwargs=kwargs)
    before, after = _around(viewname, kwarg, *_context())
    return f"{before}{value}{after}"


def reverse_rows(viewname: str, kwarg: str, values: list[str]) -> list[str]:
    """reverse_row() for each of `values`, with the language, prefix and urlconf looked up once
    for the list rather than once per row (each lookup reads a context-local)."""
    before, after = _around(viewname, kwarg, *_context())
    return [
        f"{before}{value}{after}" if _plain(value) else reverse(viewname, kwargs={kwarg: value})
        for value in values
    ]
