"""A ward and two municipalities to tie, and the secretariat that imports ties."""

from dataclasses import dataclass

import pytest

from tests.factories import make_municipality, make_prefecture, make_secretariat, make_ward


@dataclass
class Places:
    sakai: object
    shiranuka: object
    shinagawa: object  # a special ward
    secretariat: object


@pytest.fixture
def places(db) -> Places:
    fukui = make_prefecture("18", "福井県")
    hokkaido = make_prefecture("01", "北海道")
    return Places(
        sakai=make_municipality("坂井市", prefecture=fukui, kind="city", code="182109"),
        shiranuka=make_municipality("白糠町", prefecture=hokkaido, code="016683"),
        shinagawa=make_ward(),
        secretariat=make_secretariat(),
    )
