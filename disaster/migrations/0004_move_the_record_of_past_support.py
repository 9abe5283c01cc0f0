"""The support the wards gave before the portal moves from the record app's DisasterSupport and
StaffDispatch (record/0004) into the disaster app's models, figures unchanged; record/0005 then
drops the old tables. A fresh database has nothing to move (fixtures/disasters.json loads it)."""

from django.db import migrations

from core.slugs import readable_slug, unique_slug

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
        base = readable_slug(old.disaster, day=old.occurred_on, fallback="disaster")
        disaster = Disaster.objects.create(
            name=old.disaster,
            slug=unique_slug(Disaster.objects.all(), base),
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
