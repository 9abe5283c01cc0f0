"""The support the wards gave before the portal moves from the record app's DisasterSupport and
StaffDispatch (record/0004) into the disaster app's models, figures unchanged; record/0005 then
drops the old tables. A fresh database has nothing to move (fixtures/disasters.json loads it)."""

from django.db import migrations

# The slugs fixtures/disasters.json gives the 17 disasters of the documents (core.slugs'
# readable_slug of the name and date; a data migration imports no project code).
SLUGS = {
    "平成20年岩手・宮城内陸地震": "2008-06-14-heisei-20-nen-iwate-miyagi-nairiku-jishin",
    "東日本大震災": "2011-03-11-higashinihon-taishin-sai",
    "平成25年台風26号（伊豆大島土砂災害）": "2013-10-16-heisei-25-nen-taifuu-26-gou-izu-ooshima-dosha-saigai",
    "平成28年熊本地震": "2016-04-14-heisei-28-nen-kumamoto-jishin",
    "平成28年台風10号": "2016-08-30-heisei-28-nen-taifuu-10-gou",
    "平成28年鳥取県中部を震源とする地震": "2016-10-21-heisei-28-nen-tottoriken-chuubu-wo-shingen-tosuru-jishin",
    "平成29年7月九州北部豪雨": "2017-07-05-heisei-29-nen-7-gatsu-kyuushuuhokubu-gouu",
    "平成29年7月22日からの梅雨前線に伴う大雨": "2017-07-22-heisei-29-nen-7-gatsu-22-nichi-karano-baiuzensen-ni-tomonau-ooame",
    "平成29年台風18号": "2017-09-16-heisei-29-nen-taifuu-18-gou",
    "平成29年台風21号": "2017-10-21-heisei-29-nen-taifuu-21-gou",
    "平成30年大阪府北部を震源とする地震": "2018-06-18-heisei-30-nen-oosakafu-hokubu-wo-shingen-tosuru-jishin",
    "平成30年7月豪雨": "2018-07-01-heisei-30-nen-7-gatsu-gouu",
    "平成30年北海道胆振東部地震": "2018-09-06-heisei-30-nen-hokkaidou-iburi-toubu-jishin",
    "令和元年8月の前線に伴う大雨": "2019-08-01-reiwa-gannen-8-gatsu-no-zensen-ni-tomonau-ooame",
    "令和元年房総半島台風及び東日本台風": "2019-09-01-reiwa-gannen-bousou-han-shima-taifuu-oyobi-higashinihon-taifuu",
    "令和2年7月豪雨": "2020-07-01-reiwa-2-nen-7-gatsu-gouu",
    "福島県沖を震源とする地震": "2021-02-01-fukushima-ken-oki-wo-shingen-tosuru-jishin",
}
KINDS = [("地震", "earthquake"), ("震災", "earthquake"), ("台風", "typhoon"), ("豪雨", "heavy_rain")]
KINDS += [("大雨", "heavy_rain")]
# One figure the documents split: 災害見舞金 100万円 and 復興支援金 1億1,300万円.
SPLIT_FUNDS = {"令和元年房総半島台風及び東日本台風": [("sympathy", 1_000_000), ("recovery", 113_000_000)]}
DONATIONS = {"東日本大震災"}  # 23区共同の義援金 10億円


def kind_of(name: str) -> str:
    return next((kind for word, kind in KINDS if word in name), "other")


def move(apps, schema_editor):
    import datetime

    OldSupport = apps.get_model("record", "DisasterSupport")
    Disaster = apps.get_model("disaster", "Disaster")
    DocumentedSupport = apps.get_model("disaster", "DocumentedSupport")
    PublishedFund = apps.get_model("disaster", "PublishedFund")
    PublishedStaffFigure = apps.get_model("disaster", "PublishedStaffFigure")
    closed_at = datetime.datetime(2024, 3, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
    for old in OldSupport.objects.order_by("occurred_on", "pk"):
        if Disaster.objects.filter(name=old.disaster).exists():
            continue
        slug = SLUGS.get(old.disaster) or f"{old.occurred_on.isoformat()}-disaster-{old.pk}"
        disaster = Disaster.objects.create(
            name=old.disaster,
            slug=slug,
            kind=kind_of(old.disaster),
            occurred_on=old.occurred_on,
            state="closed",
            closed_at=closed_at,
        )
        disaster.prefectures.set(old.recipient_prefectures.all())
        disaster.municipalities.set(old.recipient_municipalities.all())
        DocumentedSupport.objects.create(
            disaster=disaster,
            occurred_precision=old.precision,
            recipients=old.recipients,
            support_kinds=old.support_kinds,
            details=old.details,
            ward_donations_yen=old.ward_donations_yen,
            ward_donations_source=old.ward_donations_source,
        )
        kind = "donation" if old.disaster in DONATIONS else "recovery"
        funds = SPLIT_FUNDS.get(old.disaster) if old.funds_yen == 114_000_000 else None
        if funds is None and (old.funds_yen is not None or "復興支援金" in old.support_kinds):
            funds = [(kind, old.funds_yen)]
        for fund_kind, amount in funds or []:
            PublishedFund.objects.create(
                disaster=disaster, kind=fund_kind, amount_yen=amount, recipients=old.recipients
            )
        for figure in old.staff_dispatches.all():
            PublishedStaffFigure.objects.create(
                disaster=disaster, persons=figure.staff, as_of=figure.as_of, source=figure.source
            )


class Migration(migrations.Migration):
    dependencies = [
        ("disaster", "0003_record"),
        ("record", "0004_disaster_support_recipients"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
