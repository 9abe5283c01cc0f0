# The outbox moved to members (members 0005). Mail still waiting in the old table is not carried
# over: no production database existed when it moved.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bulletin', '0003_post_target'),
        ('members', '0004_outgoing_email'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notification',
            name='email',
        ),
        migrations.DeleteModel(
            name='OutgoingEmail',
        ),
        migrations.AddField(
            model_name='notification',
            name='email',
            field=models.ForeignKey(blank=True, help_text='空欄なら、まだメールに含まれていません（まとめて送る設定の方）。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to='members.outgoingemail', verbose_name='送信メール'),
        ),
    ]
