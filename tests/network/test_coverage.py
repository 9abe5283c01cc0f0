"""Every page that shows the register says how much of the network it knows, computed."""

import datetime

from django.urls import reverse

from network.models import Tie, TieKind
from record.models import PartnerCountSnapshot


def test_the_statement_follows_the_register_and_the_published_figure(client, places):
    PartnerCountSnapshot.objects.create(
        as_of=datetime.date(2023, 8, 1), ward_partners=815, hp_members=317, total=1117
    )
    page = client.get(reverse("record:partner-counts")).content.decode()
    assert "記録済み 0 自治体 / 公表 815、令和5年8月1日（2023年8月1日）現在" in page
    assert (
        "この区の交流関係は、まだポータルに記録されていません"
        in client.get(places.shinagawa.get_absolute_url()).content.decode()
    )

    tie = Tie.objects.create(slug="t", ward=places.shinagawa, kind=TieKind.FRIENDSHIP)
    tie.municipalities.set([places.sakai, places.shiranuka])
    ward_page = client.get(places.shinagawa.get_absolute_url()).content.decode()
    assert "記録済み 2 自治体 / 公表 815" in ward_page
    assert (
        "記録済み 2 自治体 / 公表 815"
        in client.get(reverse("record:partner-counts")).content.decode()
    )

    PartnerCountSnapshot.objects.create(
        as_of=datetime.date(2024, 8, 1), ward_partners=2, hp_members=1, total=2
    )
    page = client.get(places.shinagawa.get_absolute_url()).content.decode()
    assert "記録済み 2 自治体" in page and "公表 2、" not in page  # met: only what is recorded


def test_the_collaborations_list_says_it_is_the_portals_record(client, db):
    page = client.get(reverse("bulletin:collaboration-list")).content.decode()
    assert "ポータルに記録された連携事業です" in page and "記録済み 0 件" in page
