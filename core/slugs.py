"""Readable, unique URL slugs from Japanese titles, for every app that names pages by a slug.

第1回全国連携講演会 on 2027-01-15 → 2027-01-15-dai-1-kai-zenkoku-renkei-kouenkai; a second one
with the same title and day → …-kouenkai-2. Django's slugify (and the admin's URLify) drop every
Japanese character, which left 「…講演会 2027」 as /events/2027/ and 「…第8号」 as /library/8.pdf.
"""

import functools
import unicodedata

from django.utils.text import slugify

MAX_LENGTH = 80
SUFFIX_ROOM = 4  # "-2" … "-999"


@functools.cache
def _converter():
    # pykakasi reads its dictionaries once (about two seconds): only when a slug is made.
    import pykakasi

    return pykakasi.kakasi()


def romanise(text: str) -> str:
    """「全国連携ニュース 第8号」 → "zenkoku-renkei-nyuusu-dai-8-gou" (Hepburn, ASCII)."""
    text = unicodedata.normalize("NFKC", text or "")
    words = [part["hepburn"] or part["orig"] for part in _converter().convert(text)]
    return slugify(" ".join(words))


def _cut(slug: str, length: int) -> str:
    """At most `length` characters, cut at a hyphen so that no word is broken."""
    if len(slug) <= length:
        return slug
    cut = slug[:length]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def readable_slug(title: str, *, day=None, fallback: str = "page") -> str:
    """The date (when there is one) and the romanised title; `fallback` when the title has no
    letters to romanise (「★」)."""
    parts = [day.isoformat()] if day else []
    parts.append(romanise(title) or fallback)
    return _cut("-".join(parts), MAX_LENGTH - SUFFIX_ROOM)


def unique_slug(queryset, base: str, *, exclude_pk=None) -> str:
    """`base`, or `base-2`, `base-3`… : the first one no other row of `queryset` uses."""
    taken = set(
        queryset.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
