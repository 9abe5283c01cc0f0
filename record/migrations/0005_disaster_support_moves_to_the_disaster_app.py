"""Disaster support is recorded in the disaster app now (disaster/0004 moved the rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("record", "0004_disaster_support_recipients"),
        ("disaster", "0004_move_the_record_of_past_support"),
    ]

    operations = [
        migrations.DeleteModel(name="StaffDispatch"),
        migrations.DeleteModel(name="DisasterSupport"),
    ]
