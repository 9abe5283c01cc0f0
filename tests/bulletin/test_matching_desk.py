"""Suggestions with reasons, the secretariat's desk, the consultation desk, the report mail, and
the permission matrix of every new endpoint (the ties register's import included)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bulletin import desk, matching
from bulletin.models import (
    Consultation,
    Follow,
    HandRaise,
    InterestProfile,
    Notification,
    Proposal,
    ProposalField,
    Reply,
    SavedSearch,
)
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.consultations import consultation_open
from bulletin.services.interests import (
    interest_profile_set,
    saved_search_alerts,
    saved_search_create,
)
from bulletin.services.moderation import post_report
from bulletin.services.notifications import alerts_set
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise, reply_post
from core.dates import fiscal_year_of
from members.models import OutgoingEmail, Region
from network.models import Tie, TieKind
from tests.factories import make_body, make_member, make_municipality, make_ward, pass_second_factor

from .conftest import post_proposal
from .test_matching import call_data

ROLES = ["anonymous", "pending", "member", "other", "ward", "secretariat", "password_only"]
LOGIN, MFA, ADMIN = "login", "mfa", "admin login"


def login(client, board, role):
    if role == "secretariat":
        pass_second_factor(client, board.secretariat)
    elif role == "password_only":
        client.force_login(board.secretariat)
    elif role != "anonymous":
        client.force_login(board.users()[role])


def outcome(response):
    if response.status_code == 302 and reverse("account_login") in response["Location"]:
        return LOGIN
    if response.status_code == 302 and reverse("mfa_reauthenticate") in response["Location"]:
        return MFA
    if response.status_code == 302 and reverse("admin:login") in response["Location"]:
        return ADMIN
    return response.status_code


# member = 坂井市 (the proposer), other = 白糠町, ward = 品川区.
MATRIX = {
    #                     anonymous pending member other ward secretariat password_only
    "call_form":          (LOGIN, 403, 403, 403, 200, 403, MFA),
    "call_reach":         (LOGIN, 403, 403, 403, 200, 403, MFA),
    "follow":             (LOGIN, 403, 403, 302, 302, 403, MFA),
    "interests":          (LOGIN, 403, 200, 200, 200, 403, MFA),
    "alerts":             (LOGIN, 403, 200, 200, 200, 200, MFA),
    "saved_searches":     (LOGIN, 403, 200, 200, 200, 403, MFA),
    "desk":               (LOGIN, 403, 403, 403, 403, 200, MFA),
    "desk_csv":           (LOGIN, 403, 403, 403, 403, 200, MFA),
    "remind":             (LOGIN, 403, 403, 403, 403, 302, MFA),
    "consultations":      (LOGIN, 403, 200, 200, 200, 200, MFA),
    "consultation":       (LOGIN, 403, 200, 404, 404, 200, MFA),
    "consultation_new":   (LOGIN, 403, 200, 200, 200, 403, MFA),
    "save_search":        (LOGIN, 403, 302, 302, 302, 403, MFA),
    "call_post":          (LOGIN, 403, 403, 403, 302, 403, MFA),
    "interests_post":     (LOGIN, 403, 302, 302, 302, 403, MFA),
    "alerts_post":        (LOGIN, 403, 302, 302, 302, 302, MFA),
    "consultation_reply": (LOGIN, 403, 302, 404, 404, 302, MFA),
    "consultation_open":  (LOGIN, 403, 302, 302, 302, 403, MFA),
    # The saved search is member A's (坂井市): nobody else finds it.
    "saved_search_delete": (LOGIN, 403, 302, 404, 404, 403, MFA),
    "tie_import":         (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA),
}  # fmt: skip


def act(action, client, proposal, consultation, saved_search=None):
    if action == "call_form":
        return client.get(reverse("bulletin:call-create"))
    if action == "call_reach":
        return client.get(reverse("bulletin:call-reach"), {"target_region": "hokkaido"})
    if action == "follow":
        return client.post(reverse("bulletin:proposal-follow", args=[proposal.pk]))
    if action == "interests":
        return client.get(reverse("bulletin:interest-profile"))
    if action == "alerts":
        return client.get(reverse("bulletin:alert-settings"))
    if action == "saved_searches":
        return client.get(reverse("bulletin:saved-search-list"))
    if action == "desk":
        return client.get(reverse("bulletin:desk"))
    if action == "desk_csv":
        return client.get(reverse("bulletin:desk-csv", args=["figures"]))
    if action == "remind":
        return client.post(reverse("bulletin:desk-remind", args=[proposal.pk]))
    if action == "consultations":
        return client.get(reverse("bulletin:consultation-list"))
    if action == "consultation":
        return client.get(consultation.get_absolute_url())
    if action == "consultation_new":
        return client.get(reverse("bulletin:consultation-create"))
    if action == "save_search":
        return client.post(
            reverse("bulletin:saved-search-list"), {"name": "観光", "query": "field=tourism"}
        )
    if action == "call_post":
        return client.post(reverse("bulletin:call-create"), call_data())
    if action == "interests_post":
        return client.post(reverse("bulletin:interest-profile"), {"fields": ["tourism"]})
    if action == "alerts_post":
        return client.post(reverse("bulletin:alert-settings"), {"muted_kinds": ["reply"]})
    if action == "consultation_reply":
        return client.post(consultation.get_absolute_url(), {"body": "追記です"})
    if action == "consultation_open":
        return client.post(
            reverse("bulletin:consultation-create"), {"subject": "相談", "body": "教えてください"}
        )
    if action == "saved_search_delete":
        return client.post(reverse("bulletin:saved-search-delete", args=[saved_search.pk]))
    if action == "tie_import":
        return client.get(reverse("admin:network_tie_import"))
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, board, proposal, role, action):
    consultation = consultation_open(author=board.proposer, subject="連携の進め方", body="相談です")
    saved_search = saved_search_create(user=board.proposer, name="観光", query="field=tourism")
    login(client, board, role)
    response = act(action, client, proposal, consultation, saved_search)
    assert outcome(response) == MATRIX[action][ROLES.index(role)]


class TestSuggestions:
    def test_each_reason(self, board):
        fukui = board.sakai.prefecture
        fukui.region = Region.CHUBU
        fukui.save()
        body = make_body(board.shiranuka.prefecture, "towns")
        assert body  # 白糠町 is a member of the 北海道 町村会
        interest_profile_set(
            user=board.ward, fields=[ProposalField.DISASTER], regions=[Region.CHUBU]
        )
        tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.sakai])
        from_sakai = post_proposal(board.proposer, field=ProposalField.DISASTER)
        from_shiranuka = post_proposal(board.other, field=ProposalField.DISASTER)
        viewer = matching.viewer_for(board.ward)
        assert matching.reasons_for(from_sakai, viewer) == [
            matching.REASON_TIE,
            matching.REASON_FIELD,
            matching.REASON_REGION,
        ]
        assert matching.reasons_for(from_shiranuka, viewer) == [
            matching.REASON_BODY,
            matching.REASON_FIELD,
        ]
        ranked = matching.suggestions_for(board.ward)
        # 白糠町 (北海道) is outside the profile's region: not suggested; 坂井市's has its reasons.
        assert [(s.post, s.reasons) for s in ranked] == [
            (from_sakai, [matching.REASON_TIE, matching.REASON_FIELD, matching.REASON_REGION])
        ]

    def test_the_board_home_shows_suggestions_with_their_reason(self, client, board):
        tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.sakai])
        proposal = post_proposal(board.proposer)
        client.force_login(board.ward)
        page = client.get(reverse("bulletin:proposal-list")).content.decode()
        section = page.split('id="suggestions-heading"')[1].split("</section>")[0]
        assert proposal.title in section and "既存の交流あり" in section

    def test_a_ward_sees_ties_with_no_current_project(self, board):
        quiet = make_municipality("鶴岡市", prefecture=board.sakai.prefecture, kind="city")
        tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.sakai, quiet])
        post_proposal(board.proposer)  # 坂井市 has a current project
        assert matching.dormant_ties(board.shinagawa) == [quiet]

    def test_calls_are_suggested_to_the_municipalities_they_target(self, board):
        body = make_body(board.shiranuka.prefecture, "towns")
        call = call_submit(author=board.ward, data=call_data(target_body=body))
        [suggestion] = matching.suggestions_for(board.other)
        assert suggestion.post == call and matching.REASON_BODY in suggestion.reasons
        assert matching.suggestions_for(board.proposer) == []  # 坂井市 is not targeted


def _age(post, days):
    Proposal.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


class TestDesk:
    def test_stale_proposals_and_the_reminder(self, client, board):
        old = post_proposal(board.proposer, title="古い提案")
        answered = post_proposal(board.proposer, title="返信あり")
        fresh = post_proposal(board.proposer, title="新しい提案")
        _age(old, 15)
        _age(answered, 15)
        reply_post(proposal=answered, author=board.ward, body="検討します")
        assert list(desk.stale_proposals()) == [old]
        assert fresh not in desk.stale_proposals()
        pass_second_factor(client, board.secretariat)
        page = client.get(reverse("bulletin:desk")).content.decode()
        assert (
            "古い提案" in page
            and "新しい提案" not in page.split("stale-heading")[1].split("</section>")[0]
        )
        client.post(reverse("bulletin:desk-remind", args=[old.pk]))
        assert Notification.objects.filter(
            recipient=board.ward, kind="reminder", proposal=old
        ).exists()

    def test_calls_with_no_response(self, board):
        call = call_submit(author=board.ward, data=call_data())
        _age(call, 15)
        assert list(desk.unanswered_calls()) == [call]
        hand_raise(proposal=call, user=board.other)
        assert list(desk.unanswered_calls()) == []

    def test_fiscal_year_figures_on_hand_made_data(self, board):
        a = post_proposal(board.proposer, field=ProposalField.TOURISM)
        b = post_proposal(board.proposer, field=ProposalField.TOURISM)
        c = post_proposal(board.other, field=ProposalField.DISASTER)
        for post in (a, b, c):
            Proposal.objects.filter(pk=post.pk).update(
                created_at=timezone.make_aware(datetime.datetime(2024, 5, 1, 9))
            )
        # a: answered after 2 days by a hand, realized; b: a reply after 4 days; c: nothing.
        hand_raise(proposal=a, user=board.ward)
        HandRaise.objects.filter(proposal=a).update(
            raised_at=timezone.make_aware(datetime.datetime(2024, 5, 3, 9))
        )
        proposal_change_status(proposal=a, user=board.proposer, to_status="coordinating")
        proposal_change_status(
            proposal=a,
            user=board.proposer,
            to_status="realized",
            collaboration={"wards": [board.shinagawa], "summary": "PR", "fiscal_year": 2024},
        )
        reply_post(proposal=b, author=board.ward, body="ぜひ")
        Reply.objects.filter(proposal=b).update(
            created_at=timezone.make_aware(datetime.datetime(2024, 5, 5, 9))
        )
        reply_post(proposal=c, author=board.other, body="補足です")  # own: no answer
        figures = desk.fiscal_year_figures(2024)
        assert (figures.posted, figures.answered, figures.realized) == (3, 2, 1)
        assert figures.median_days_to_first_answer == 3.0
        assert figures.by_field == {"観光振興": [2, 2, 1], "防災・災害支援": [1, 0, 0]}
        assert desk.fiscal_year_figures(2023).posted == 0

    def test_figures_download_as_csv(self, client, board):
        post_proposal(board.proposer)
        pass_second_factor(client, board.secretariat)
        fy = fiscal_year_of(timezone.localdate())
        response = client.get(reverse("bulletin:desk-csv", args=["figures"]) + f"?fy={fy}")
        text = response.content.decode("utf-8-sig")
        assert response["Content-Type"].startswith("text/csv")
        assert "連携提案,合計,,1,0,0" in text


class TestReportMail:
    def test_a_new_report_mails_the_secretariat_through_the_outbox(
        self, board, proposal, django_capture_on_commit_callbacks, send_outbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            post_report(reporter=board.other, reason="不適切です", proposal=proposal)
        email = OutgoingEmail.objects.get(to="jimukyoku@example.jp")
        assert "新しい通報" in email.subject and "不適切です" in email.body
        assert mail.outbox == []  # the request sends nothing; the worker does
        assert [m.to for m in send_outbox()] == [["jimukyoku@example.jp"]]


class TestConsultations:
    def test_a_thread_between_a_member_and_the_secretariat(self, client, board):
        client.force_login(board.proposer)
        response = client.post(
            reverse("bulletin:consultation-create"),
            {"subject": "区との連携について", "body": "進め方を教えてください"},
        )
        consultation = Consultation.objects.get()
        assert response["Location"] == consultation.get_absolute_url()
        assert OutgoingEmail.objects.filter(
            to="jimukyoku@example.jp", subject__contains="相談"
        ).exists()
        pass_second_factor(client, board.secretariat)
        client.post(consultation.get_absolute_url(), {"body": "まず掲示板に投稿しましょう"})
        consultation.refresh_from_db()
        assert consultation.status == "answered"
        assert OutgoingEmail.objects.filter(
            to="sakai@example.jp", subject__contains="回答"
        ).exists()
        client.force_login(board.colleague)  # the same municipality sees the thread
        page = client.get(consultation.get_absolute_url()).content.decode()
        assert "まず掲示板に投稿しましょう" in page and "進め方を教えてください" in page

    def test_never_public(self, client, board):
        consultation = consultation_open(author=board.proposer, subject="件名", body="本文")
        assert outcome(client.get(consultation.get_absolute_url())) == LOGIN
        client.force_login(board.other)
        assert client.get(consultation.get_absolute_url()).status_code == 404
        assert "件名" not in client.get(reverse("bulletin:consultation-list")).content.decode()


class TestBoardPages:
    def test_list_filters_calls_and_proposals(self, client, board):
        proposal = post_proposal(board.proposer, title="坂井市の提案")
        call = call_submit(author=board.ward, data=call_data(title="品川区の募集"))
        client.force_login(board.other)
        page = client.get(reverse("bulletin:proposal-list"), {"direction": "call"}).content.decode()
        assert call.title in page and proposal.title not in page
        page = client.get(
            reverse("bulletin:proposal-list"), {"direction": "proposal"}
        ).content.decode()
        assert proposal.title in page and "品川区の募集" not in page.split("proposal-list")[-1]

    def test_follow_and_unfollow_from_the_page(self, client, board, proposal):
        client.force_login(board.ward)
        url = reverse("bulletin:proposal-follow", args=[proposal.pk])
        client.post(url, {"action": "follow"})
        assert Follow.objects.filter(user=board.ward).exists()
        assert "ワッチをやめる" in client.get(proposal.get_absolute_url()).content.decode()
        client.post(url, {"action": "unfollow"})
        assert not Follow.objects.exists()

    def test_saved_search_with_alerts(self, client, board):
        client.force_login(board.ward)
        client.post(
            reverse("bulletin:saved-search-list"),
            {"name": "防災", "query": "field=disaster&page=2", "alerts": "on"},
        )
        saved = SavedSearch.objects.get()
        assert saved.query == "field=disaster"
        SavedSearch.objects.update(checked_at=timezone.now() - datetime.timedelta(minutes=1))
        alerts_set(user=board.ward, muted_kinds=["new"])  # only the saved search speaks
        post_proposal(board.proposer, field=ProposalField.TOURISM)
        match = post_proposal(board.proposer, field=ProposalField.DISASTER)
        assert saved_search_alerts() == 1
        assert Notification.objects.get(recipient=board.ward, kind="search").proposal == match
        assert saved_search_alerts() == 0  # not twice

    def test_alert_settings_turn_kinds_off(self, client, board):
        client.force_login(board.ward)
        client.post(reverse("bulletin:alert-settings"), {"kinds": ["reply", "hand", "status"]})
        post_proposal(board.proposer)
        assert not Notification.objects.filter(recipient=board.ward).exists()

    def test_notifications_page_groups_unread(self, client, board, proposal):
        reply_post(proposal=proposal, author=board.ward, body="ぜひ")
        post_proposal(board.other)
        client.force_login(board.ward)
        page = client.get(reverse("bulletin:notification-list")).content.decode()
        assert "未読（1件）" in page and "関心に合う新しい提案・募集" in page
        client.post(reverse("bulletin:notification-list"))
        page = client.get(reverse("bulletin:notification-list")).content.decode()
        assert "未読（" not in page and "既読" in page

    def test_a_ward_posts_a_call_from_the_form(self, client, board):
        body = make_body(board.shiranuka.prefecture, "towns", name="北海道町村会")
        client.force_login(board.ward)
        response = client.post(
            reverse("bulletin:call-create"),
            {**call_data(), "target_body": body.pk, "target_region": "", "target_kind": ""},
        )
        call = Proposal.objects.calls().get()
        assert response["Location"] == call.get_absolute_url()
        assert Notification.objects.filter(recipient=board.other, proposal=call).exists()
        page = client.get(call.get_absolute_url()).content.decode()
        assert "北海道町村会の構成自治体" in page

    def test_a_ward_member_sets_interests_for_themself_and_as_the_wards_default(
        self, client, board
    ):
        client.force_login(board.ward)
        url = reverse("bulletin:interest-profile")
        response = client.post(url, {"fields_": ["tourism"], "regions": ["chubu"]})
        assert response.status_code == 302
        own = InterestProfile.objects.get(user=board.ward)
        assert (own.fields, own.regions) == (["tourism"], ["chubu"])
        assert not InterestProfile.objects.filter(municipality__isnull=False).exists()

        response = client.post(
            url, {"fields_": ["disaster"], "regions": [], "for_municipality": "on"}
        )
        assert response.status_code == 302
        own.refresh_from_db()
        default = InterestProfile.objects.get(municipality=board.ward.membership.municipality)
        assert own.fields == default.fields == ["disaster"]
        assert own.regions == default.regions == []

    @pytest.mark.parametrize("kind", ["proposal", "call"])
    def test_a_period_out_of_order_is_a_form_error_on_proposals_and_calls_alike(
        self, client, board, kind
    ):
        from .conftest import proposal_data

        if kind == "call":
            client.force_login(board.ward)
            url, data = reverse("bulletin:call-create"), call_data()
        else:
            client.force_login(board.proposer)
            url, data = reverse("bulletin:proposal-create"), proposal_data()
        before = Proposal.objects.count()
        for period, field, message in [
            (
                {"period_end": "2025-08-01"},
                "period_start",
                "終了日を入れる場合は開始日も入力してください。",
            ),
            (
                {"period_start": "2025-08-01", "period_end": "2025-07-01"},
                "period_end",
                "終了日は開始日以降にしてください。",
            ),
        ]:
            response = client.post(url, {**data, "period_start": "", **period})
            assert response.status_code == 200
            assert response.context["form"].errors[field] == [message]
            assert message in response.content.decode()
        assert Proposal.objects.count() == before

    def test_posting_time_queries_are_constant_in_recipients(self, board, assert_queries_constant):
        ward = make_ward("目黒区", "131105", "メグロク")
        few = assert_queries_constant.count(lambda: post_proposal(board.proposer))[1]
        for _ in range(10):
            make_member(ward)
        assert assert_queries_constant.count(lambda: post_proposal(board.proposer))[1] == few
