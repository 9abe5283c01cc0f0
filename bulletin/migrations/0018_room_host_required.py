import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0017_room_sides_and_subject"),
    ]

    operations = [
        migrations.AlterField(
            model_name="room",
            name="host",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="members.municipality",
                verbose_name="投稿・提供した自治体",
            ),
        ),
        migrations.AddConstraint(
            model_name="room",
            constraint=models.CheckConstraint(
                condition=models.Q(("proposal__isnull", False), models.Q(("subject", ""), _negated=True), _connector="OR"),
                name="room_has_post_or_subject",
            ),
        ),
    ]
