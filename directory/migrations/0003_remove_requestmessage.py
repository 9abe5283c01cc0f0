# In a migration of its own: PostgreSQL alters no table with the previous one's pending checks.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_requests_talk_in_rooms"),
    ]

    operations = [
        migrations.DeleteModel(name="RequestMessage"),
        migrations.AlterField(
            model_name="offerrequest",
            name="room",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="directory_request",
                to="bulletin.room",
                verbose_name="調整ルーム",
            ),
        ),
    ]
