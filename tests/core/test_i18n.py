import pytest

from core.i18n import path_in_language, strip_language_prefix


@pytest.mark.parametrize(
    ("path", "neutral"),
    [
        ("/en/timeline/", "/timeline/"),
        ("/en/", "/"),
        ("/en", "/"),
        ("/en/events/?kind=lecture", "/events/?kind=lecture"),
        ("/timeline/", "/timeline/"),
        ("/entrance/", "/entrance/"),  # a Japanese path that merely starts with "en"
    ],
)
def test_strip_language_prefix(path, neutral):
    assert strip_language_prefix(path) == neutral


def test_path_in_language_goes_both_ways():
    assert path_in_language("/timeline/", "en") == "/en/timeline/"
    assert path_in_language("/en/timeline/", "en") == "/en/timeline/"
    assert path_in_language("/en/timeline/", "ja") == "/timeline/"
    assert path_in_language("", "ja") == "/"
