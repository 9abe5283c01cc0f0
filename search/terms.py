"""The words of a search, as typed and in the other kana script (for highlighting)."""

import unicodedata

from members.kana import to_hiragana, to_katakana

MAX_WORDS = 5
MAX_LENGTH = 100


def words_of(query: str) -> list[str]:
    """NFKC-normalised (full-width ＡＢＣ and half-width ｶﾅ folded), split on spaces, at most five."""
    text = unicodedata.normalize("NFKC", query or "")[:MAX_LENGTH]
    seen: dict[str, None] = {}
    for word in text.split():
        seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def highlight_terms(words: list[str]) -> list[str]:
    """Each word, its katakana and hiragana forms; longest first, so the longest match wins."""
    terms: dict[str, None] = {}
    for word in words:
        for form in (word, to_katakana(word), to_hiragana(word)):
            terms.setdefault(form, None)
    return sorted(terms, key=len, reverse=True)
