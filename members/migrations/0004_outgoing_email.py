# The outbox moves here from bulletin (bulletin 0004 drops its old table): every mail the portal
# sends, membership and allauth mail included, goes through it.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_pr_pages'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutgoingEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', models.EmailField(max_length=254, verbose_name='宛先')),
                ('subject', models.CharField(max_length=200, verbose_name='件名')),
                ('body', models.TextField(verbose_name='本文')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='次の送信予定')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='送信を試みた回数')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='送信日時')),
                ('last_error', models.TextField(blank=True, verbose_name='直近のエラー')),
                ('claimed_by', models.CharField(blank=True, max_length=32, verbose_name='送信中のワーカー')),
                ('claimed_until', models.DateTimeField(blank=True, null=True, verbose_name='送信中の期限')),
            ],
            options={
                'verbose_name': '送信メール',
                'verbose_name_plural': '送信メール',
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['next_attempt_at'], name='outbox_due')],
            },
        ),
    ]
