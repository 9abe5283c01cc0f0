"""The requests' own threads move into 調整ルーム: every message, by its side, at its time."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_member, make_municipality, make_prefecture, make_ward

BEFORE = [("directory", "0001_initial"), ("bulletin", "0016_partners")]
AFTER = [("directory", "0003_remove_requestmessage"), ("bulletin", "0018_room_host_required")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_request_threads_become_rooms_with_their_messages():
    shinagawa = make_ward()
    shiranuka = make_municipality("白糠町", prefecture=make_prefecture("01", "北海道"))
    ward_member = make_member(shinagawa, email="shinagawa@example.jp")
    member = make_member(shiranuka, email="shiranuka@example.jp")
    try:
        old = migrate(BEFORE)
        offer = old.get_model("directory", "Offer").objects.create(
            ward_id=shinagawa.pk, kind="resort", title="光風荘", description="箱根"
        )
        request = old.get_model("directory", "OfferRequest").objects.create(
            offer=offer,
            municipality_id=shiranuka.pk,
            requested_by_id=member.pk,
            start_date=datetime.date(2027, 5, 1),
            end_date=datetime.date(2027, 5, 4),
        )
        written = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=datetime.UTC)
        Message = old.get_model("directory", "RequestMessage")
        for offset, (author, side, body) in enumerate(
            [(member, shiranuka, "3泊希望です"), (ward_member, shinagawa, "空いています")]
        ):
            message = Message.objects.create(
                request=request, author_id=author.pk, municipality_id=side.pk, body=body
            )
            Message.objects.filter(pk=message.pk).update(
                created_at=written + datetime.timedelta(hours=offset)
            )

        new = migrate(AFTER)
        moved = new.get_model("directory", "OfferRequest").objects.get(pk=request.pk)
        room = new.get_model("bulletin", "Room").objects.get(pk=moved.room_id)
        assert (room.host_id, room.municipality_id, room.proposal_id) == (
            shinagawa.pk,
            shiranuka.pk,
            None,
        )
        assert room.subject == "光風荘（白糠町）"
        assert room.subject_url == f"/directory/requests/{request.pk}/"
        messages = new.get_model("bulletin", "RoomMessage").objects.filter(room=room)
        assert [
            (m.body, m.author_id, m.municipality_id, m.created_at)
            for m in messages.order_by("created_at")
        ] == [
            ("3泊希望です", member.pk, shiranuka.pk, written),
            ("空いています", ward_member.pk, shinagawa.pk, written + datetime.timedelta(hours=1)),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
