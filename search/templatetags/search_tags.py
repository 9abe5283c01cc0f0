"""Highlighting the searched words in results: <mark>, everything else escaped."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

EXCERPT_CHARACTERS = 80


def _pattern(terms) -> re.Pattern | None:
    terms = [term for term in terms or [] if term]
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> str:
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


@register.filter
def highlight(text, terms) -> str:
    """The text with every searched word (as typed, in katakana or hiragana) in <mark>."""
    return mark_safe(_marked(str(text or ""), _pattern(terms)))  # noqa: S308 - escaped above


@register.filter
def excerpt(text, terms) -> str:
    """About 80 characters of a long text around the first match, highlighted."""
    text = " ".join(str(text or "").split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - EXCERPT_CHARACTERS // 3) if match else 0
    end = start + EXCERPT_CHARACTERS
    piece = text[start:end]
    marked = _marked(piece, pattern)
    return mark_safe(  # noqa: S308 - escaped above
        ("…" if start else "") + marked + ("…" if end < len(text) else "")
    )
