"""The desk's collaborations with no progress for six months and indicators past their date with
no actual, and the one click that asks a collaboration's parties to record them."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Collaboration, Indicator, Notification, ProgressEntry
from bulletin.models.collaborations import months_before
from tests.factories import make_member, make_ward, pass_second_factor

from .test_collaborations import make_collaboration


def _collaboration(board, slug, *, started_on=None, state="ongoing", **fields):
    if state == "completed":
        fields.setdefault("ended_on", timezone.localdate())
    return make_collaboration(
        slug,
        title=fields.pop("title", f"事業{slug}"),
        wards=[board.shinagawa],
        municipalities=[board.sakai],
        prefecture=board.sakai.prefecture,
        fiscal_year=2023,
        field="industry",
        state=state,
        started_on=started_on,
        **fields,
    )


def _progress(collaboration, day):
    return ProgressEntry.objects.create(collaboration=collaboration, date=day, text="経過")


def _months_ago(months, days=0):
    return months_before(timezone.localdate(), months) - datetime.timedelta(days=days)


def _desk(client, board):
    pass_second_factor(client, board.secretariat)
    return client.get(reverse("bulletin:desk")).content.decode()


def _section(page, heading_id):
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_months_before():
    assert months_before(datetime.date(2024, 8, 31), 6) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2024, 3, 15), 6) == datetime.date(2023, 9, 15)
    assert months_before(datetime.date(2025, 1, 1), 13) == datetime.date(2023, 12, 1)


class TestQuerySets:
    def test_six_months_without_progress_boundary_and_completed(self, board):
        boundary = _collaboration(board, "boundary")
        _progress(boundary, _months_ago(6))  # exactly six months: not yet
        day_older = _collaboration(board, "day-older")
        _progress(day_older, _months_ago(6, days=1))
        recent_entry = _collaboration(board, "recent", started_on=_months_ago(24))
        _progress(recent_entry, _months_ago(24))
        _progress(recent_entry, _months_ago(1))  # the latest entry counts
        started_long_ago = _collaboration(board, "started", started_on=_months_ago(7))
        started_lately = _collaboration(board, "started-lately", started_on=_months_ago(2))
        done = _collaboration(board, "done", state="completed", started_on=_months_ago(30))
        _progress(done, _months_ago(12))
        unrecorded_state = _collaboration(board, "blank-state", state="", started_on=None)
        Collaboration.objects.filter(pk=unrecorded_state.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=250)
        )
        quiet = list(Collaboration.objects.without_progress_since(months=6))
        assert set(quiet) == {day_older, started_long_ago, unrecorded_state}
        assert boundary not in quiet and recent_entry not in quiet
        assert started_lately not in quiet and done not in quiet
        by_slug = {c.slug: c for c in quiet}
        assert by_slug["day-older"].last_progress_on == _months_ago(6, days=1)
        assert by_slug["started"].last_progress_on is None

    def test_overdue_indicators(self, board):
        ongoing = _collaboration(board, "ongoing")
        done = _collaboration(board, "done", state="completed")
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        overdue = Indicator.objects.create(
            collaboration=ongoing, name="来場者数", unit="人", target=100, target_on=yesterday
        )
        Indicator.objects.create(
            collaboration=ongoing,
            name="出店数",
            unit="店",
            target=10,
            target_on=yesterday,
            actual=12,
            actual_on=yesterday,
        )
        Indicator.objects.create(
            collaboration=ongoing,
            name="今日まで",
            unit="人",
            target=1,
            target_on=timezone.localdate(),
        )
        Indicator.objects.create(collaboration=ongoing, name="時点なし", unit="人", target=1)
        Indicator.objects.create(
            collaboration=done, name="完了済み", unit="人", target=1, target_on=yesterday
        )
        assert list(Indicator.objects.overdue()) == [overdue]


class TestDesk:
    def test_the_desk_lists_them_with_parties_and_dates(self, client, board):
        quiet = _collaboration(board, "quiet", title="物産展の共同開催", started_on=_months_ago(9))
        _progress(quiet, _months_ago(7))
        Indicator.objects.create(
            collaboration=quiet,
            name="来場者数",
            unit="人",
            target=100,
            target_on=datetime.date(2024, 3, 31),
        )
        page = _desk(client, board)
        quiet_table = _section(page, "quiet-collaborations-heading")
        assert "物産展の共同開催" in quiet_table
        assert "品川区" in quiet_table and "坂井市" in quiet_table
        assert f'datetime="{_months_ago(7):%Y-%m-%d}"' in quiet_table
        assert 'role="region"' in quiet_table and 'tabindex="0"' in quiet_table
        overdue_table = _section(page, "overdue-indicators-heading")
        assert "来場者数" in overdue_table and "物産展の共同開催" in overdue_table
        assert "令和6年3月31日（2024年3月31日）" in overdue_table
        remind = reverse("bulletin:desk-collaboration-remind", args=[quiet.pk])
        assert remind in quiet_table and remind in overdue_table

    def test_empty_states(self, client, board):
        page = _desk(client, board)
        assert "該当する連携事業はありません。" in _section(page, "quiet-collaborations-heading")
        assert "該当する成果指標はありません。" in _section(page, "overdue-indicators-heading")

    def test_query_count_does_not_grow(self, client, board, assert_queries_constant):
        pass_second_factor(client, board.secretariat)

        def grow(index):
            collaboration = _collaboration(board, f"q{index}", started_on=_months_ago(8))
            collaboration.wards.add(make_ward(f"区{index}", f"9{index:05d}"))
            _progress(collaboration, _months_ago(7))
            Indicator.objects.create(
                collaboration=collaboration,
                name="来場者数",
                unit="人",
                target=1,
                target_on=_months_ago(1),
            )
            if index % 2:
                Collaboration.objects.filter(pk=collaboration.pk).update(
                    results_reminded_at=timezone.now()
                )

        client.get(reverse("bulletin:desk"))  # the desk's figures are cached after the first view
        (page,) = assert_queries_constant(reverse("bulletin:desk"), grow, max_queries=30)
        assert page.content.decode().count("q39") >= 2


class TestRemind:
    def test_reminds_every_party_member_not_others(self, client, board, send_outbox):
        quiet = _collaboration(board, "quiet", title="物産展の共同開催", started_on=_months_ago(9))
        pass_second_factor(client, board.secretariat)
        response = client.post(reverse("bulletin:desk-collaboration-remind", args=[quiet.pk]))
        assert response.status_code == 302
        told = Notification.objects.filter(collaboration=quiet, kind="reminder")
        # 坂井市's two approved members and 品川区's: not the pending applicant, not 白糠町.
        assert sorted(n.recipient.email for n in told) == [
            "sakai2@example.jp",
            "sakai@example.jp",
            "shinagawa@example.jp",
        ]
        assert all("物産展の共同開催" in n.message for n in told)
        assert told.first().target_url() == quiet.get_absolute_url()
        outbox = send_outbox()
        to = sorted(address for mail in outbox for address in mail.to)
        assert to == ["sakai2@example.jp", "sakai@example.jp", "shinagawa@example.jp"]
        assert quiet.get_absolute_url() in outbox[0].body
        quiet.refresh_from_db()
        assert quiet.results_reminded_at is not None
        page = client.get(reverse("bulletin:desk")).content.decode()
        assert "お知らせ済み" in _section(page, "quiet-collaborations-heading")

    def test_once_per_seven_days(self, client, board):
        quiet = _collaboration(board, "quiet", started_on=_months_ago(9))
        url = reverse("bulletin:desk-collaboration-remind", args=[quiet.pk])
        pass_second_factor(client, board.secretariat)
        client.post(url)
        assert Notification.objects.filter(collaboration=quiet).count() == 3
        response = client.post(url, follow=True)
        assert "お知らせ済みです" in response.content.decode()
        assert Notification.objects.filter(collaboration=quiet).count() == 3
        later = timezone.now() + datetime.timedelta(days=6)
        with mock.patch("django.utils.timezone.now", return_value=later):
            pass_second_factor(client, board.secretariat)
            response = client.post(url, follow=True)
        assert "お知らせ済みです" in response.content.decode()
        assert Notification.objects.filter(collaboration=quiet).count() == 3
        later = timezone.now() + datetime.timedelta(days=8)
        with mock.patch("django.utils.timezone.now", return_value=later):
            pass_second_factor(client, board.secretariat)  # a week on, a new sign-in
            response = client.post(url)
        assert response.status_code == 302 and response["Location"] == reverse("bulletin:desk")
        assert Notification.objects.filter(collaboration=quiet).count() == 6

    @pytest.mark.parametrize("pk", [0, 999999, 2**63])
    def test_unknown_or_huge_id_is_refused(self, client, board, pk):
        pass_second_factor(client, board.secretariat)
        response = client.post(f"/board/desk/collaborations/{pk}/remind/")
        assert response.status_code in (400, 404)
        assert not Notification.objects.filter(collaboration__isnull=False).exists()

    def test_a_new_member_of_a_party_is_told(self, client, board):
        quiet = _collaboration(board, "quiet", started_on=_months_ago(9))
        newcomer = make_member(board.shinagawa, email="shinagawa2@example.jp")
        pass_second_factor(client, board.secretariat)
        client.post(reverse("bulletin:desk-collaboration-remind", args=[quiet.pk]))
        assert Notification.objects.filter(collaboration=quiet, recipient=newcomer).exists()


def test_in_english_and_in_the_notification_list(client, board):
    quiet = _collaboration(board, "quiet", title="物産展の共同開催", started_on=_months_ago(9))
    pass_second_factor(client, board.secretariat)
    desk_page = client.get("/en" + reverse("bulletin:desk")).content.decode()
    table = _section(desk_page, "quiet-collaborations-heading")
    assert "Collaborations with no progress recorded for six months or more" in table
    assert "Ask the parties to record it" in table and "No progress recorded" in table
    assert "No indicator is in this situation." in desk_page
    client.post(reverse("bulletin:desk-collaboration-remind", args=[quiet.pk]))
    client.force_login(board.ward)
    page = client.get(reverse("bulletin:notification-list")).content.decode()
    assert "物産展の共同開催" in page
    notification = Notification.objects.get(recipient=board.ward, collaboration=quiet)
    opened = client.get(reverse("bulletin:notification-open", args=[notification.pk]))
    assert opened.status_code == 302 and opened["Location"].endswith("/collaborations/quiet/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_digest_and_muted_members(client, board):
    """A member who takes the daily digest finds the reminder in it; one who muted the
    secretariat's notices is not told."""
    from bulletin.models import NotificationPreference
    from bulletin.outbox import queue_digests
    from members.models import OutgoingEmail

    quiet = _collaboration(board, "quiet", title="物産展の共同開催", started_on=_months_ago(9))
    NotificationPreference.objects.create(user=board.colleague, delivery="digest")
    NotificationPreference.objects.create(user=board.ward, muted_kinds=["reminder"])
    pass_second_factor(client, board.secretariat)
    client.post(reverse("bulletin:desk-collaboration-remind", args=[quiet.pk]))
    told = Notification.objects.filter(collaboration=quiet)
    assert sorted(n.recipient.email for n in told) == ["sakai2@example.jp", "sakai@example.jp"]
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["sakai@example.jp"]
    assert queue_digests() == 1
    digest = OutgoingEmail.objects.get(to="sakai2@example.jp")
    assert "物産展の共同開催" in digest.body and "/collaborations/quiet/" in digest.body
