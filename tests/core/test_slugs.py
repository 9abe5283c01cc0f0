"""Slugs made from Japanese titles are readable and unique, for events and publications alike
(Django's slugify and the admin's URLify drop Japanese: an event became /events/2027/)."""

import datetime
import itertools

import pytest
from django.contrib import admin
from django.test import RequestFactory

from core.slugs import readable_slug, romanise, unique_slug
from events.models import Event
from record.models import Publication
from tests.factories import make_event, make_secretariat

DAY = datetime.date(2027, 1, 15)
_users = itertools.count()


def test_a_japanese_title_is_romanised_after_the_date():
    assert romanise("全国連携ニュース 第8号") == "zenkoku-renkei-nyuusu-dai-8-gou"
    assert (
        readable_slug("第1回全国連携講演会 2027", day=DAY)
        == "2027-01-15-dai-1-kai-zenkoku-renkei-kouenkai-2027"
    )
    assert readable_slug("★", day=DAY, fallback="event") == "2027-01-15-event"


def test_a_long_title_is_cut_between_words_leaving_room_for_a_suffix():
    slug = readable_slug("特別区全国連携プロジェクト" * 10, day=DAY)
    assert len(slug) <= 76 and not slug.endswith("-")
    assert slug.startswith("2027-01-15-tokubetsu-ku-zenkoku-renkei-purojiekuto")


@pytest.mark.django_db
def test_unique_slug_adds_the_first_free_number():
    make_event(slug="2027-01-15-kouenkai")
    make_event(slug="2027-01-15-kouenkai-2")
    make_event(slug="2027-01-15-kouenkai-extra")
    assert unique_slug(Event.objects.all(), "2027-01-15-kouenkai") == "2027-01-15-kouenkai-3"
    assert unique_slug(Event.objects.all(), "2028-01-15-kouenkai") == "2028-01-15-kouenkai"


def admin_form(model, data, instance=None):
    request = RequestFactory().get("/admin/")
    request.user = make_secretariat(f"jimukyoku{next(_users)}@example.jp")
    form_class = admin.site._registry[model].get_form(request, instance)
    return form_class(data=data, instance=instance)


EVENT = {
    "kind": "lecture",
    "title": "第1回全国連携講演会 2027",
    "slug": "",
    "status": "scheduled",
    "start_date": "2027-01-15",
    "date_precision": "day",
    "capacity": "",
    "audience": "anyone",
}


@pytest.mark.django_db
def test_events_added_in_the_admin_get_readable_unique_slugs(client):
    first = admin_form(Event, EVENT)
    assert first.is_valid(), first.errors
    first = first.save()
    assert first.slug == "2027-01-15-dai-1-kai-zenkoku-renkei-kouenkai-2027"
    second = admin_form(Event, EVENT)
    assert second.is_valid(), second.errors
    assert second.save().slug == "2027-01-15-dai-1-kai-zenkoku-renkei-kouenkai-2027-2"
    next_year = admin_form(Event, {**EVENT, "start_date": "2028-01-14"})
    assert next_year.is_valid() and next_year.save().slug.startswith("2028-01-14-")
    assert client.get(first.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_existing_url_keeps_working_when_the_event_is_edited(client):
    old = make_event("第1回全国連携講演会 2027", slug="2027", status="scheduled")
    data = {**EVENT, "title": "第1回全国連携講演会（会場変更）", "slug": ""}
    form = admin_form(Event, data, instance=old)
    assert form.is_valid(), form.errors
    assert form.save().slug == "2027"
    assert client.get("/events/2027/").status_code == 200


@pytest.mark.django_db
def test_publications_added_in_the_admin_get_readable_unique_slugs():
    data = {
        "title": "全国連携ニュース 第8号",
        "slug": "",
        "kind": Publication._meta.get_field("kind").choices[0][0],
        "published_on": "2027-04-01",
        "precision": "day",
    }
    form = admin_form(Publication, data)
    assert form.is_valid(), form.errors
    assert form.save().slug == "2027-04-01-zenkoku-renkei-nyuusu-dai-8-gou"
    again = admin_form(Publication, data)
    assert again.is_valid() and again.save().slug.endswith("-dai-8-gou-2")


def test_the_admin_does_not_prepopulate_slugs_with_its_script():
    # django.contrib.admin's URLify drops Japanese: 「…講演会 2027」 → "2027".
    for model in (Event, Publication):
        assert not admin.site._registry[model].prepopulated_fields
