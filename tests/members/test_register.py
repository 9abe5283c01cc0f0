import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from members.kana import to_katakana
from members.models import Municipality, MunicipalityKind, Prefecture
from members.validators import validate_local_government_code
from tests.factories import make_municipality, make_prefecture


def test_register_holds_every_prefecture_and_municipality(full_register):
    assert Prefecture.objects.count() == 47
    assert Municipality.objects.count() == 1741
    assert Municipality.objects.cities().count() == 792
    assert Municipality.objects.towns().count() == 743
    assert Municipality.objects.villages().count() == 183
    assert Municipality.objects.special_wards().count() == 23


def test_loading_the_register_twice_duplicates_nothing(full_register):
    call_command("loaddata", "municipalities", verbosity=0)
    assert Prefecture.objects.count() == 47
    assert Municipality.objects.count() == 1741


def test_register_entries_are_normalised(full_register):
    shiranuka = Municipality.objects.get(name="白糠町")
    assert shiranuka.code == "016683"
    assert shiranuka.kana == "シラヌカチョウ"
    assert shiranuka.prefecture.name == "北海道"
    assert shiranuka.latitude is not None
    # JpGeocode knows 丹波篠山市 by its pre-2019 name; the fixture still gives it a location.
    sasayama = Municipality.objects.get(code="282219")
    assert sasayama.name == "丹波篠山市"
    assert sasayama.latitude is not None
    assert (
        Municipality.objects.in_prefecture(Prefecture.objects.get(name="東京都"))
        .special_wards()
        .count()
        == 23
    )


def test_every_shipped_code_passes_its_check_digit(full_register):
    for code in Municipality.objects.values_list("code", flat=True):
        validate_local_government_code(code)


def test_valid_code_is_accepted_and_one_changed_digit_is_rejected(db):
    validate_local_government_code("131091")  # 品川区
    with pytest.raises(ValidationError) as excinfo:
        validate_local_government_code("131092")
    assert "検査数字" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        validate_local_government_code("13109")


def test_model_validation_rejects_a_wrong_check_digit(db):
    municipality = make_municipality("品川区", prefecture=make_prefecture("13"), code="131091")
    municipality.full_clean()
    municipality.code = "131097"
    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()
    assert "code" in excinfo.value.message_dict


def test_kana_matches_in_hiragana_katakana_and_half_width(db):
    town = make_municipality("白糠町", kana="シラヌカチョウ")
    make_municipality("釧路町", kana="クシロチョウ")
    assert to_katakana("しらぬか") == "シラヌカ"
    for keyword in ["しらぬか", "シラヌカ", "ｼﾗﾇｶ", "白糠"]:
        assert list(Municipality.objects.matching(keyword)) == [town], keyword


def test_kinds_read_as_english(db):
    make_municipality(kind=MunicipalityKind.CITY)
    make_municipality(kind=MunicipalityKind.TOWN)
    make_municipality(kind=MunicipalityKind.VILLAGE)
    assert Municipality.objects.cities().count() == 1
    assert Municipality.objects.villages().count() == 1
