"""model_update: the one field-by-field update the services share."""

from core.services import model_update
from core.sites import site_url
from members.models import Municipality


def test_model_update_sets_only_the_fields_given_and_names_those_that_changed():
    town = Municipality(name="白糠町", kana="しらぬかちょう", code="016683")
    changed = model_update(
        instance=town,
        fields=["name", "kana", "code"],
        data={"name": "白糠町", "kana": "しらぬか", "extra": "ignored"},
    )
    assert changed == ["kana"]
    assert (town.name, town.kana, town.code) == ("白糠町", "しらぬか", "016683")
    assert not hasattr(town, "extra")


def test_site_url_is_the_configured_address(settings):
    settings.SITE_URL = "https://portal.example.jp"
    assert site_url() == "https://portal.example.jp"
    assert site_url("/board/") == "https://portal.example.jp/board/"
