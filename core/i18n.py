"""The same page in another language.

The site's URLs are `i18n_patterns` with `prefix_default_language=False`: a Japanese page has no
prefix and its English twin is the same path under `/en/`. Django's `translate_url` resolves the
path under the *current* language, so from a Japanese request it cannot resolve `/en/…` and
leaves it unchanged (a visitor could not switch back from English); prefix arithmetic cannot fail.
"""

from django.conf import settings


def _prefixed_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def strip_language_prefix(path: str) -> str:
    """/en/timeline/?year=2015 → /timeline/?year=2015; a Japanese path is returned unchanged."""
    for code in _prefixed_languages():
        prefix = f"/{code}"
        if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "?"):
            rest = path[len(prefix) :]
            return rest if rest.startswith("/") else "/" + rest
    return path


def path_in_language(path: str, language: str) -> str:
    """The same page in `language`: /timeline/ → /en/timeline/ and back."""
    neutral = strip_language_prefix(path or "/")
    if language == settings.LANGUAGE_CODE:
        return neutral
    return f"/{language}{neutral}"
