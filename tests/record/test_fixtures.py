"""The shipped fixtures: complete, exact, and loadable twice without duplicates."""

import datetime

import pytest
from django.apps import apps
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementBody, CorporateAgreement
from disaster.models import Disaster, PublishedStaffFigure
from events.models import Event, EventKind
from portal.management.commands.seed import FIXTURES
from record.models import (
    NewsletterIssue,
    PartnerCountSnapshot,
    ProjectCount,
    RelationshipProject,
    StrategyPosition,
    TimelineEntry,
)


@pytest.fixture
def seeded(shipped_data):
    """What `manage.py seed` writes (the session's one real load, copied: tests/conftest.py)."""


def model_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ["members", "agreements", "events", "bulletin", "disaster", "record"]
        for model in apps.get_app_config(app).get_models()
    }


def natural_rows() -> dict[str, list]:
    """Every row of the portal's models without database ids (and load times): a foreign key is
    given as the natural key of the row it points to, so two loads compare equal whatever ids
    they got."""
    models = [
        model
        for app in ["members", "agreements", "events", "bulletin", "disaster", "record"]
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    keys = {
        model: {row.pk: row.natural_key() for row in model._base_manager.all()}
        for model in models
        if hasattr(model, "natural_key")
    }
    result = {}
    for model in models:
        rows = []
        for values in model._base_manager.values(*[f.attname for f in model._meta.concrete_fields]):
            row = []
            for field in model._meta.concrete_fields:
                value = values[field.attname]
                if field.primary_key or field.default is timezone.now:
                    continue  # the id, or the moment the row was loaded
                if field.is_relation and value is not None:
                    value = keys[field.related_model][value]
                row.append((field.name, value))
            rows.append(tuple(row))
        result[model._meta.label] = sorted(rows, key=repr)
    return result


def test_every_fixture_loads_on_an_empty_database_and_twice_without_duplicates(db, _shipped_rows):
    with transaction.atomic():
        for name in FIXTURES:  # each file on its own, in order
            call_command("loaddata", name, verbosity=0)
        first = model_counts()
        loaded = natural_rows()
        call_command("seed", verbosity=0)
        assert model_counts() == first
        transaction.set_rollback(True)
    assert sum(first.values()) > 2000
    # The other tests' copy of the shipped data (tests/conftest.py) is exactly what loaddata wrote.
    assert model_counts() == dict.fromkeys(first, 0)
    _shipped_rows.load(*FIXTURES)
    assert model_counts() == first
    assert natural_rows() == loaded


def test_the_documents_are_all_there(seeded):
    entries = TimelineEntry.objects.order_by("date", "sequence")
    assert entries.count() == 178
    assert entries.first().date == datetime.date(2014, 9, 10)
    assert entries.last().date == datetime.date(2024, 3, 8)
    assert TimelineEntry.objects.filter(date=datetime.date(2017, 1, 19)).count() == 2
    twitter = TimelineEntry.objects.get(date=datetime.date(2021, 1, 1))
    assert twitter.precision == "month"

    assert PartnerCountSnapshot.objects.count() == 9
    assert [s.fiscal_year for s in PartnerCountSnapshot.objects.all()] == list(range(2015, 2024))
    assert AgreementBody.objects.count() == 13
    assert CorporateAgreement.objects.count() == 4

    events = Event.objects
    assert events.of_kind(EventKind.LECTURE, EventKind.SYMPOSIUM).count() == 15
    assert events.of_kind(EventKind.PROMOTION).count() == 11
    assert events.of_kind(EventKind.PROMOTION).filter(status="cancelled").count() == 1
    assert events.of_kind(EventKind.EXHIBITION).count() == 15
    assert events.of_kind(EventKind.FESTIVAL).count() == 11

    assert Disaster.objects.count() == 17
    assert not Disaster.objects.open().exists()  # the past: no 対策本部, no banner
    assert StrategyPosition.objects.count() == 8
    assert NewsletterIssue.objects.count() == 8
    assert RelationshipProject.objects.count() == 2
    assert ProjectCount.objects.exists()


def test_published_figures_are_kept_exactly(seeded):
    rows = {s.fiscal_year: s for s in PartnerCountSnapshot.objects.all()}
    assert (rows[2015].ward_partners, rows[2015].hp_members, rows[2015].agreement_members) == (
        574,
        149,
        None,
    )
    assert rows[2015].total == 660
    assert [rows[y].agreement_members for y in range(2016, 2024)] == [
        210,
        236,
        321,
        372,
        372,
        372,
        372,
        372,
    ]
    assert rows[2023].total == 1117
    # Two dates, two cumulative figures: not a conflict.
    assert sorted(
        PublishedStaffFigure.objects.filter(disaster__name__contains="東日本大震災").values_list(
            "persons", flat=True
        )
    ) == [7030, 7174]
    assert Disaster.objects.get(name__contains="平成29年台風21号").occurred_on == datetime.date(
        2017, 10, 21
    )


def test_derived_member_counts_match_the_documents_and_come_to_372(seeded):
    bodies = AgreementBody.objects.with_member_count()
    for body in bodies:
        assert body.member_count == body.documented_member_count, body.name
        assert body.members().count() == body.member_count
    gunma = {b.kind: b.member_count for b in bodies if b.prefecture.name == "群馬県"}
    assert gunma == {"mayors": 12, "towns": 23}
    assert sum(b.member_count for b in bodies) == 372
    assert AgreementBody.objects.totals() == {"prefectures": 9, "bodies": 13, "municipalities": 372}


def test_timeline_links_events_and_agreements(seeded):
    signing = TimelineEntry.objects.filter(agreement_body__name="千葉県町村会").get()
    assert signing.date == datetime.date(2017, 1, 19)
    symposium = TimelineEntry.objects.get(date=datetime.date(2017, 1, 19), event__isnull=False)
    assert symposium.event.kind == EventKind.SYMPOSIUM


def test_latest_snapshot_appears_on_the_top_page(client, seeded):
    latest = PartnerCountSnapshot.objects.latest_snapshot()
    body = client.get(reverse("home")).content.decode()
    assert "連携自治体数（令和5年度）" in body
    for value in [latest.ward_partners, latest.hp_members, latest.agreement_members, latest.total]:
        assert f'<span class="figure__value">{intcomma(value)}</span>' in body
    assert "9道府県・13団体・372自治体" in body


def test_collaborations_the_documents_name_link_to_their_timeline_entries(client, seeded):
    from bulletin.models import Collaboration

    sakai = Collaboration.objects.get(slug="sakai-shinagawa")
    assert [w.name for w in sakai.wards.all()] == ["品川区"]
    assert [m.name for m in sakai.municipalities.all()] == ["坂井市"]
    (entry,) = sakai.timeline_entries.all()
    assert entry.date == datetime.date(2015, 11, 18)
    assert (
        sakai.get_absolute_url()
        in client.get(reverse("record:timeline"), {"year": 2015}).content.decode()
    )
    assert "平成27年11月18日" in client.get(sakai.get_absolute_url()).content.decode()
    assert not Collaboration.objects.filter(timeline_entries__isnull=True).exists()
