"""Who may open and post to each roundtable endpoint: one row per action, one column per kind
of user (as tests/bulletin/test_permission_matrix.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from members.models import OutgoingEmail
from roundtable.models import TopicDocument
from roundtable.services import content_moderate, post_reply, thread_start
from tests.bulletin.conftest import make_board
from tests.bulletin.test_attachments import minimal_pdf
from tests.bulletin.test_permission_matrix import ADMIN, LOGIN, MFA, ROLES, login, outcome
from tests.roundtable.conftest import make_meeting, make_topic

MATRIX = {
    #                   anonymous pending member other ward secretariat password_only partner
    "topic_list":       (200, 200, 200, 200, 200, 200, 200, 200),
    "topic":            (200, 200, 200, 200, 200, 200, 200, 200),
    "thread_new":       (LOGIN, 403, 200, 200, 200, 200, MFA, 200),
    "thread_create":    (LOGIN, 403, 302, 302, 302, 302, MFA, 302),
    "thread":           (LOGIN, 403, 200, 200, 200, 200, MFA, 200),
    "reply":            (LOGIN, 403, 302, 302, 302, 302, MFA, 302),
    "hidden_thread":    (LOGIN, 403, 404, 404, 404, 200, MFA, 404),
    "thread_moderate_form": (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "thread_moderate":  (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "post_moderate":    (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "document":         (LOGIN, 403, 200, 200, 200, 200, MFA, 200),
    "register_form":    (LOGIN, 403, 200, 200, 200, 403, MFA, 200),
    "register":         (LOGIN, 403, 302, 302, 302, 403, MFA, 302),
    "admin_topics":     (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    "admin_summaries":  (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
}  # fmt: skip


def act(action, client, world):
    topic, thread, post, meeting = world["topic"], world["thread"], world["post"], world["meeting"]
    if action == "topic_list":
        return client.get(reverse("roundtable:topic-list"))
    if action == "topic":
        return client.get(topic.get_absolute_url())
    if action == "thread_new":
        return client.get(reverse("roundtable:thread-create", args=[topic.pk]))
    if action == "thread_create":
        return client.post(
            reverse("roundtable:thread-create", args=[topic.pk]),
            {"title": "釧路の事例から", "body": "金融機関との役割分担について"},
        )
    if action == "thread":
        return client.get(thread.get_absolute_url())
    if action == "reply":
        return client.post(thread.get_absolute_url(), {"body": "賛成です"})
    if action == "hidden_thread":
        return client.get(world["hidden"].get_absolute_url())
    if action == "thread_moderate_form":
        return client.get(reverse("roundtable:thread-moderate", args=[thread.pk]))
    if action == "thread_moderate":
        return client.post(
            reverse("roundtable:thread-moderate", args=[thread.pk]), {"reason": "重複"}
        )
    if action == "post_moderate":
        return client.post(reverse("roundtable:post-moderate", args=[post.pk]), {"reason": "重複"})
    if action == "document":
        return client.get(world["document"].get_absolute_url())
    if action == "register_form":
        return client.get(reverse("roundtable:meeting-register", args=[meeting.pk]))
    if action == "register":
        return client.post(
            reverse("roundtable:meeting-register", args=[meeting.pk]),
            {"name": "連携 太郎", "organisation": "", "email": "taro@example.jp"},
        )
    if action == "admin_topics":
        return client.get(reverse("admin:roundtable_topic_changelist"))
    if action == "admin_summaries":
        return client.get(reverse("admin:roundtable_summary_changelist"))
    raise AssertionError(action)


@pytest.fixture
def shared(shared_world, request) -> tuple:
    """The board and the topic's world, built once for this module's cases
    (tests/shared_world.py)."""
    return shared_world.use(request, make_board, build_world)


@pytest.fixture
def board(shared, db):
    """Each case's own copy; `db` after the world, whose transaction comes first."""
    return shared[0]


@pytest.fixture
def world(shared, board):
    return shared[1]


def build_world(board) -> dict:
    topic = make_topic()
    meeting = make_meeting(topic)
    OutgoingEmail.objects.all().delete()  # the announcement: tested on its own (as `meeting`)
    thread = thread_start(topic=topic, author=board.proposer, title="論点", body="本文です")
    post = post_reply(thread=thread, author=board.ward, body="品川区です")
    hidden = thread_start(topic=topic, author=board.other, title="隠す", body="不適切")
    content_moderate(actor=board.secretariat, target=hidden, hide=True, reason="不適切")
    document = TopicDocument.objects.create(
        topic=topic,
        file=ContentFile(minimal_pdf(), name="document.pdf"),
        name="資料1.pdf",
        content_type="application/pdf",
        size=len(minimal_pdf()),
    )
    return {
        "topic": topic,
        "thread": thread,
        "post": post,
        "hidden": hidden,
        "meeting": meeting,
        "document": document,
    }


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, board, world, role, action):
    login(client, board, role)
    response = act(action, client, world)
    # A download's open file, closed as Django's test client closes a response: without
    # close_old_connections, which would drop the connection the shared world's transaction is on.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert outcome(response) == MATRIX[action][ROLES.index(role)]
