"""Kana normalisation: the register keeps full-width katakana; people type either script."""

import unicodedata

_HIRAGANA_START, _HIRAGANA_END = ord("ぁ"), ord("ゖ")
_KATAKANA_OFFSET = ord("ァ") - ord("ぁ")


def to_katakana(text: str) -> str:
    """NFKC (half-width ｶﾅ to full-width) and hiragana to katakana."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        chr(ord(ch) + _KATAKANA_OFFSET) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch
        for ch in text
    )


def to_hiragana(text: str) -> str:
    """Katakana to hiragana (for showing a reading the way people type it)."""
    return "".join(
        chr(ord(ch) - _KATAKANA_OFFSET)
        if _HIRAGANA_START <= ord(ch) - _KATAKANA_OFFSET <= _HIRAGANA_END
        else ch
        for ch in text
    )
