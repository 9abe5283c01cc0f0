"""The requests' own threads (RequestMessage) move into the board's 調整ルーム: one room per
request, between the ward (host) and the requesting municipality, with the messages as they were
written (author, side, date)."""

import django.db.models.deletion
from django.db import migrations, models


def move_threads_to_rooms(apps, schema_editor):
    OfferRequest = apps.get_model("directory", "OfferRequest")
    RequestMessage = apps.get_model("directory", "RequestMessage")
    Room = apps.get_model("bulletin", "Room")
    RoomMessage = apps.get_model("bulletin", "RoomMessage")
    for request in OfferRequest.objects.select_related("offer", "municipality"):
        room = Room.objects.create(
            host_id=request.offer.ward_id,
            municipality_id=request.municipality_id,
            subject=f"{request.offer.title}（{request.municipality.name}）"[:200],
            subject_url=f"/directory/requests/{request.pk}/",
        )
        for message in RequestMessage.objects.filter(request=request).order_by("created_at", "pk"):
            moved = RoomMessage.objects.create(
                room=room,
                author_id=message.author_id,
                municipality_id=message.municipality_id,
                body=message.body,
            )
            # auto_now_add stamped it now: keep when it was written.
            RoomMessage.objects.filter(pk=moved.pk).update(created_at=message.created_at)
        Room.objects.filter(pk=room.pk).update(
            created_at=request.created_at, updated_at=request.updated_at
        )
        OfferRequest.objects.filter(pk=request.pk).update(room=room)


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0018_room_host_required"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="offerrequest",
            name="room",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="directory_request",
                to="bulletin.room",
                verbose_name="調整ルーム",
            ),
        ),
        migrations.RunPython(move_threads_to_rooms, migrations.RunPython.noop),
    ]
