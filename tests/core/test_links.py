"""reverse_row(): the links a page repeats per row are those reverse() gives, in each language."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from core.links import reverse_row


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_row_link_is_the_reversed_url_in_the_active_language(language):
    with translation.override(language):
        for code in ["011002", "131016"]:
            expected = reverse("members:municipality-detail", kwargs={"code": code})
            assert reverse_row("members:municipality-detail", code=code) == expected
        assert reverse_row("bulletin:collaboration-detail", slug="kushiro--2") == reverse(
            "bulletin:collaboration-detail", kwargs={"slug": "kushiro--2"}
        )
    english = translation.override("en")
    with english:
        assert reverse_row("members:municipality-detail", code="011002").startswith("/en/")


def test_a_value_that_needs_quoting_and_another_script_prefix_are_reversed_as_django_does():
    assert reverse_row("members:municipality-detail", code="a b?") == reverse(
        "members:municipality-detail", kwargs={"code": "a b?"}
    )
    set_script_prefix("/portal/")
    try:
        assert reverse_row("members:municipality-detail", code="011002") == (
            "/portal/municipalities/011002/"
        )
    finally:
        set_script_prefix("/")
    assert reverse_row("members:municipality-detail", code="011002") == "/municipalities/011002/"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_list_of_row_links_is_each_row_reversed(language):
    from core.links import reverse_rows

    codes = ["011002", "a b?", "131016"]
    with translation.override(language):
        assert reverse_rows("members:municipality-detail", "code", codes) == [
            reverse("members:municipality-detail", kwargs={"code": code}) for code in codes
        ]


def test_another_urlconf_is_another_url(settings):
    """Tests (and anything else) that swap the urlconf get that urlconf's URL, not a remembered
    one."""
    assert reverse_row("members:municipality-detail", code="011002") == "/municipalities/011002/"
    settings.ROOT_URLCONF = "tests.core.urls_elsewhere"
    assert reverse_row("members:municipality-detail", code="011002") == "/elsewhere/011002/"
