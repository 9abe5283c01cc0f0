"""The shared world (tests/shared_world.py) isolates the tests that share it as their own
transactions did: a test sees only the layers it asks for, and nothing another test wrote or
changed in memory. The tests run in this order (pytest keeps a module's order)."""

import pytest

from members.models import Municipality
from tests.factories import make_municipality, make_prefecture


def a_town():
    return make_municipality("白糠町", prefecture=make_prefecture("01", "北海道"), code="016683")


def a_second_town(town):
    return make_municipality("釧路町", prefecture=town.prefecture, code="016616")


@pytest.fixture
def one(shared_world, request):
    return shared_world.use(request, a_town)


@pytest.fixture
def two(shared_world, request):
    return shared_world.use(request, a_town, a_second_town)


@pytest.fixture
def town(one, db):
    return one[0]


@pytest.fixture
def towns(two, db):
    return two


def test_the_second_layer_is_there_for_a_test_that_asks_for_it(towns):
    assert sorted(Municipality.objects.values_list("name", flat=True)) == ["白糠町", "釧路町"]
    towns[0].name = "変えた町"  # in memory only
    Municipality.objects.filter(name="釧路町").update(kana="カエタ")
    make_municipality("輪島市", prefecture=towns[0].prefecture, code="172049")


def test_what_a_test_wrote_or_changed_in_memory_is_gone(towns):
    assert towns[0].name == "白糠町"
    assert towns[1].kana != "カエタ"
    assert Municipality.objects.get(name="釧路町").kana != "カエタ"
    assert not Municipality.objects.filter(name="輪島市").exists()


def test_a_test_asking_for_the_first_layer_only_does_not_see_the_second(town):
    assert list(Municipality.objects.values_list("name", flat=True)) == ["白糠町"]


def test_a_test_without_the_world_sees_an_empty_database(db):
    """The module's world is still open (module scope) when a test that did not ask for it
    runs: it is rolled back first."""
    assert not Municipality.objects.exists()


def test_after_that_the_world_is_built_again_for_a_test_that_asks(town):
    assert list(Municipality.objects.values_list("name", flat=True)) == ["白糠町"]
