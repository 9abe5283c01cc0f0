from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_prefecture_name_en'),
    ]

    operations = [
        migrations.AddField(
            model_name='municipality',
            name='romaji',
            field=models.CharField(blank=True, help_text='よみがなからヘボン式で作成（例：Shiranuka-cho）。台帳の作成時に計算されます。', max_length=60, verbose_name='ローマ字表記'),
        ),
    ]
