import datetime
from types import SimpleNamespace

import pytest

from bulletin.models import Delivery, NotificationPreference
from disaster.services.disasters import disaster_declare
from members.models import MunicipalityKind
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_ward,
)


@pytest.fixture
def quake(db):
    return make_quake()


def make_quake():
    """令和9年能登地震 for 輪島市: the wards 品川区 and 江戸川区, an unaffected 白糠町."""
    ishikawa = make_prefecture("17", "石川県")
    wajima = make_municipality("輪島市", prefecture=ishikawa, kind=MunicipalityKind.CITY)
    shiranuka = make_municipality("白糠町", prefecture=make_prefecture("01", "北海道"))
    shinagawa = make_ward()
    edogawa = make_ward("江戸川区", "131237", "エドガワク")
    secretariat = make_secretariat()
    people = SimpleNamespace(
        wajima=wajima,
        shiranuka=shiranuka,
        shinagawa=shinagawa,
        edogawa=edogawa,
        secretariat=secretariat,
        wajima_member=make_member(wajima, email="wajima@example.jp"),
        shiranuka_member=make_member(shiranuka, email="shiranuka@example.jp"),
        shinagawa_member=make_member(shinagawa, email="shinagawa@example.jp"),
        edogawa_member=make_member(edogawa, email="edogawa@example.jp"),
        pending=make_member(wajima, email="pending@example.jp", status="pending"),
    )
    # 品川区's member wants the daily digest and has muted every alert it can.
    NotificationPreference.objects.create(
        user=people.shinagawa_member,
        delivery=Delivery.DAILY_DIGEST,
        muted_kinds=["reply", "hand", "status", "new", "search", "reminder", "tie", "room"],
    )
    people.disaster = disaster_declare(
        actor=secretariat,
        data={
            "name": "令和9年能登地震",
            "kind": "earthquake",
            "occurred_on": datetime.date(2027, 1, 1),
        },
        prefectures=[],
        municipalities=[wajima],
    )
    return people
