"""The roundtable's world: the board's members (tests/bulletin/conftest.py), a topic with a
meeting that takes registrations, and helpers."""

import datetime

import pytest
from django.utils import timezone

from members.models import OutgoingEmail
from roundtable.models import Summary, Topic
from roundtable.services import meeting_add
from tests.bulletin.conftest import board  # noqa: F401 (a fixture)
from tests.factories import make_event


def make_topic(title="関係人口の創出に民間事業者はどう関わるか", **fields) -> Topic:
    return Topic.objects.create(
        title=title, description=fields.pop("description", "議題の説明です。"), **fields
    )


def make_meeting(topic, *, capacity=2, waiting_list=True, **fields):
    event = make_event(
        title=fields.pop("title", "第1回 全国連携円卓会議"),
        kind="participation",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        status="scheduled",
        registration_open=True,
        capacity=capacity,
        waiting_list=waiting_list,
        audience="members",
        venue="東京区政会館",
        **fields,
    )
    return meeting_add(topic=topic, event=event)


def make_summary(topic, *, visibility="public", published=True, **fields) -> Summary:
    return Summary.objects.create(
        topic=topic,
        title=fields.pop("title", "第1回のまとめ"),
        body=fields.pop("body", "民間事業者との連携の枠組みについて合意しました。"),
        visibility=visibility,
        published_at=timezone.now() if published else None,
        **fields,
    )


@pytest.fixture
def topic(db) -> Topic:
    return make_topic()


@pytest.fixture
def meeting(topic):
    meeting = make_meeting(topic)
    OutgoingEmail.objects.all().delete()  # the announcement: tested on its own
    return meeting
