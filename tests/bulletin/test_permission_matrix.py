"""Who may open and post to each board endpoint of matching, the desk and consultations (and the
ties register's import): one row per action, one column per kind of user."""

import io

import pytest
from django.urls import reverse

from bulletin.services.consultations import consultation_open
from bulletin.services.interests import saved_search_create
from bulletin.services.replies import hand_raise
from tests.factories import make_partner, pass_second_factor

from .test_matching import call_data


@pytest.fixture
def board(shared_board, db):
    """The board's world, built once for this module's hundreds of cases (tests/shared_world.py).
    `db` after the world, whose transaction comes first."""
    return shared_board[0]


@pytest.fixture
def proposal(shared_board):
    return shared_board[1]


# partner = an approved member of a partner organisation (an NPO); the post acted on is not
# opened to partners (tests/partners/test_board.py has the posts that are).
ROLES = [
    "anonymous",
    "pending",
    "member",
    "other",
    "ward",
    "secretariat",
    "password_only",
    "partner",
]
LOGIN, MFA, ADMIN = "login", "mfa", "admin login"


def login(client, board, role):
    if role == "secretariat":
        pass_second_factor(client, board.secretariat)
    elif role == "password_only":
        client.force_login(board.secretariat)
    elif role == "partner":
        client.force_login(make_partner(email="npo@example.jp"))
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
    #                     anonymous pending member other ward secretariat password_only partner
    "call_form":          (LOGIN, 403, 403, 403, 200, 403, MFA, 403),
    "call_reach":         (LOGIN, 403, 403, 403, 200, 403, MFA, 403),
    "follow":             (LOGIN, 403, 403, 302, 302, 403, MFA, 403),
    "interests":          (LOGIN, 403, 200, 200, 200, 403, MFA, 403),
    "alerts":             (LOGIN, 403, 200, 200, 200, 200, MFA, 200),
    "saved_searches":     (LOGIN, 403, 200, 200, 200, 403, MFA, 403),
    # マイページ's full lists: the member's own follows, the municipality's raised hands.
    "following":          (LOGIN, 403, 200, 200, 200, 403, MFA, 403),
    "hands":              (LOGIN, 403, 200, 200, 200, 403, MFA, 403),
    "desk":               (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "desk_csv":           (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "remind":             (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "consultations":      (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "consultation":       (LOGIN, 403, 200, 404, 404, 200, MFA, 403),
    "consultation_new":   (LOGIN, 403, 200, 200, 200, 403, MFA, 403),
    "save_search":        (LOGIN, 403, 302, 302, 302, 403, MFA, 403),
    "call_post":          (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "interests_post":     (LOGIN, 403, 302, 302, 302, 403, MFA, 403),
    "alerts_post":        (LOGIN, 403, 302, 302, 302, 302, MFA, 302),
    "consultation_reply": (LOGIN, 403, 302, 404, 404, 302, MFA, 403),
    "consultation_open":  (LOGIN, 403, 302, 302, 302, 403, MFA, 403),
    # The saved search is member A's (坂井市): nobody else finds it.
    "saved_search_delete": (LOGIN, 403, 302, 404, 404, 403, MFA, 403),
    "saved_search_alerts": (LOGIN, 403, 302, 404, 404, 403, MFA, 403),
    "tie_import":         (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    # Collaborations' results from CSV (the admin, as the ties import): the secretariat's alone.
    "results_import":     (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    "results_import_post": (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    "results_template":   (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 200, MFA, ADMIN),
    # 調整ルーム of 坂井市 and 品川区 (品川区 raised its hand), the secretariat not asked in:
    # 白糠町 and the secretariat find nothing (tests/bulletin/test_rooms.py has the full matrix).
    "room_list":          (LOGIN, 403, 200, 200, 200, 200, MFA, 200),
    "room":               (LOGIN, 403, 200, 404, 200, 404, MFA, 404),
    "room_open":          (LOGIN, 403, 302, 404, 302, 404, MFA, 404),
    "room_post":          (LOGIN, 403, 302, 404, 302, 404, MFA, 404),
    "room_contact":       (LOGIN, 403, 302, 404, 302, 404, MFA, 403),
    "room_ask":           (LOGIN, 403, 302, 404, 302, 404, MFA, 404),
    "room_join":          (LOGIN, 403, 403, 404, 403, 404, MFA, 403),
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
    if action == "following":
        return client.get(reverse("bulletin:followed-list"))
    if action == "hands":
        return client.get(reverse("bulletin:hand-list"))
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
    if action == "saved_search_alerts":
        return client.post(
            reverse("bulletin:saved-search-alerts", args=[saved_search.pk]), {"alerts": "off"}
        )
    if action == "tie_import":
        return client.get(reverse("admin:network_tie_import"))
    if action == "results_import":
        return client.get(reverse("admin:bulletin_collaboration_results_import"))
    if action == "results_import_post":  # a preview: it writes nothing
        upload = io.BytesIO("識別子,種別,日付,内容\r\nnone,経過,2024-05-01,経過\r\n".encode())
        upload.name = "results.csv"
        return client.post(reverse("admin:bulletin_collaboration_results_import"), {"file": upload})
    if action == "results_template":
        return client.get(reverse("admin:bulletin_collaboration_results_template"))
    if action.startswith("room"):
        return act_on_room(action, client, proposal.rooms.get())
    raise AssertionError(action)


def act_on_room(action, client, room):
    if action == "room_list":
        return client.get(reverse("bulletin:room-list"))
    if action == "room":
        return client.get(room.get_absolute_url())
    if action == "room_open":
        return client.get(
            reverse("bulletin:room-open", args=[room.proposal_id, room.municipality_id])
        )
    if action == "room_post":
        return client.post(room.get_absolute_url(), {"body": "日程の候補です"})
    if action == "room_contact":
        return client.post(
            reverse("bulletin:room-contact", args=[room.pk]), {"card-department": "観光課"}
        )
    if action == "room_ask":
        return client.post(reverse("bulletin:room-ask-secretariat", args=[room.pk]))
    if action == "room_join":
        return client.post(reverse("bulletin:room-join", args=[room.pk]))
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, board, proposal, role, action):
    consultation = consultation_open(author=board.proposer, subject="連携の進め方", body="相談です")
    saved_search = saved_search_create(user=board.proposer, name="観光", query="field=tourism")
    if action.startswith("room"):
        hand_raise(proposal=proposal, user=board.ward)  # the pair's room opens
    login(client, board, role)
    response = act(action, client, proposal, consultation, saved_search)
    assert outcome(response) == MATRIX[action][ROLES.index(role)]


# The wards' register of ties (/board/ties/): its own table, with another ward's member.
# municipality = 坂井市 (not a ward), other_ward = 目黒区, ward = 品川区, whose tie and the
# proposal from 坂井市 to 品川区 are the ones acted on.
TIE_ROLES = [
    "anonymous",
    "pending",
    "municipality",
    "other_ward",
    "ward",
    "secretariat",
    "password_only",
    "partner",
]
TIE_MATRIX = {
    #                   anonymous pending municipality other_ward ward secretariat password_only partner
    "tie_list":         (LOGIN, 403, 200, 200, 200, 403, MFA, 403),
    "tie_new":          (LOGIN, 403, 403, 200, 200, 403, MFA, 403),
    "tie_create":       (LOGIN, 403, 403, 302, 302, 403, MFA, 403),
    "tie_edit":         (LOGIN, 403, 403, 404, 200, 403, MFA, 403),
    "tie_update":       (LOGIN, 403, 403, 404, 302, 403, MFA, 403),
    "tie_retire_form":  (LOGIN, 403, 403, 404, 200, 403, MFA, 403),
    "tie_retire":       (LOGIN, 403, 403, 404, 302, 403, MFA, 403),
    "tie_propose_form": (LOGIN, 403, 200, 403, 403, 403, MFA, 403),
    "tie_propose":      (LOGIN, 403, 302, 403, 403, 403, MFA, 403),
    "tie_confirm":      (LOGIN, 403, 403, 404, 302, 403, MFA, 403),
    "tie_decline":      (LOGIN, 403, 403, 404, 302, 403, MFA, 403),
    "tie_revert":       (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
}  # fmt: skip


def tie_post_data(**changes) -> dict:
    return {
        "kind": "friendship",
        "partner_0": "北海道白糠町",
        "since": "2015-04-01",
        "since_precision": "day",
        "note": "",
        **changes,
    }


def act_on_ties(action, client, tie, tie_proposal, change):
    if action == "tie_list":
        return client.get(reverse("bulletin:tie-list"))
    if action == "tie_new":
        return client.get(reverse("bulletin:tie-create"))
    if action == "tie_create":
        return client.post(reverse("bulletin:tie-create"), tie_post_data())
    if action == "tie_edit":
        return client.get(reverse("bulletin:tie-update", args=[tie.pk]))
    if action == "tie_update":
        return client.post(reverse("bulletin:tie-update", args=[tie.pk]), tie_post_data())
    if action == "tie_retire_form":
        return client.get(reverse("bulletin:tie-retire", args=[tie.pk]))
    if action == "tie_retire":
        return client.post(
            reverse("bulletin:tie-retire", args=[tie.pk]), {"retired_on": "2024-04-01"}
        )
    if action == "tie_propose_form":
        return client.get(reverse("bulletin:tie-propose"))
    if action == "tie_propose":
        return client.post(
            reverse("bulletin:tie-propose"),
            {"ward": tie.ward_id, "kind": "disaster", "since": "", "note": ""},
        )
    if action in ("tie_confirm", "tie_decline"):
        return client.post(
            reverse("bulletin:tie-proposal-decide", args=[tie_proposal.pk]),
            {"decision": action.removeprefix("tie_")},
        )
    if action == "tie_revert":
        return client.post(reverse("bulletin:tie-revert", args=[change.pk]))
    raise AssertionError(action)


@pytest.mark.parametrize("action", TIE_MATRIX)
@pytest.mark.parametrize("role", TIE_ROLES)
def test_ties_permission_matrix(client, board, role, action):
    from network.models import TieChange, TieProposal
    from network.services import tie_create
    from tests.factories import make_member, make_ward

    tie = tie_create(
        user=board.ward,
        ward=board.shinagawa,
        data={
            "kind": "exchange",
            "municipalities": [board.sakai],
            "area_name": "",
            "since": None,
            "since_precision": "day",
            "source": "",
            "note": "",
            "department": "",
        },
    )
    change = TieChange.objects.get()
    tie_proposal = TieProposal.objects.create(
        ward=board.shinagawa,
        municipality=board.sakai,
        proposed_by=board.proposer,
        kind="friendship",
    )
    users = {
        "pending": board.pending,
        "municipality": board.proposer,
        "other_ward": make_member(
            make_ward("目黒区", "131105", "メグロク"), email="meguro@example.jp"
        ),
        "ward": board.ward,
        "partner": make_partner(email="npo@example.jp") if role == "partner" else None,
    }
    if role == "secretariat":
        pass_second_factor(client, board.secretariat)
    elif role == "password_only":
        client.force_login(board.secretariat)
    elif role != "anonymous":
        client.force_login(users[role])
    response = act_on_ties(action, client, tie, tie_proposal, change)
    assert outcome(response) == TIE_MATRIX[action][TIE_ROLES.index(role)]


# The site search's group of the wards' calls (募集): only for those who may use the board.
CALLS_IN_SEARCH = {
    "anonymous": False,
    "pending": False,
    "member": True,
    "other": True,
    "ward": True,
    "secretariat": True,
    "password_only": False,
    "partner": False,  # the call is not opened to partners
}


@pytest.mark.parametrize("role", ROLES)
def test_the_search_shows_the_calls_group_only_to_board_users(client, board, role):
    from bulletin.services.proposals import call_submit

    call_submit(author=board.ward, data=call_data(title="区民まつりの出展者を募集"))
    login(client, board, role)
    response = client.get(reverse("search:results"), {"q": "区民まつり"})
    assert response.status_code == 200
    html = response.content.decode()
    assert ("の出展者を募集" in html) == CALLS_IN_SEARCH[role]  # the title, words highlighted
    keys = {group.kind.key for group in response.context["groups"]}
    # A partner's group holds only the calls opened to partners: not this one.
    assert ("calls" in keys) == (CALLS_IN_SEARCH[role] or role == "partner")


@pytest.mark.parametrize("role", ROLES)
def test_a_library_text_page_is_public_to_everyone(client, board, role):
    import datetime

    from record.models import Publication

    Publication.objects.create(
        slug="interim",
        title="中間のまとめ",
        kind="report",
        published_on=datetime.date(2018, 4, 16),
        text="# 見出し\n\n本文",
    )
    login(client, board, role)
    assert client.get(reverse("record:publication-text", args=["interim"])).status_code == 200
    assert client.get(reverse("record:publication-text", args=["none"])).status_code == 404


# A collaboration's results (/board/collaborations/<pk>/…): its parties write them; the
# secretariat too on a recorded one (from the documents), not on one born on the board.
# party = 坂井市 (member), party_ward = 品川区 (ward), not_party = 白糠町 (other).
RESULTS_ROLES = [
    "anonymous",
    "pending",
    "not_party",
    "party",
    "party_ward",
    "secretariat",
    "password_only",
    "partner",
]
RESULTS_MATRIX = {
    #                          anonymous pending not_party party party_ward secretariat password_only partner
    "state_form":              (LOGIN, 403, 403, 200, 200, 200, MFA, 403),
    "state_post":              (LOGIN, 403, 403, 302, 302, 302, MFA, 403),
    "progress_form":           (LOGIN, 403, 403, 200, 200, 200, MFA, 403),
    "progress_post":           (LOGIN, 403, 403, 302, 302, 302, MFA, 403),
    "indicator_form":          (LOGIN, 403, 403, 200, 200, 200, MFA, 403),
    "indicator_post":          (LOGIN, 403, 403, 302, 302, 302, MFA, 403),
    "indicator_edit":          (LOGIN, 403, 403, 200, 200, 200, MFA, 403),
    "indicator_update":        (LOGIN, 403, 403, 302, 302, 302, MFA, 403),
    "board_progress_form":     (LOGIN, 403, 403, 200, 200, 403, MFA, 403),
    "board_progress_post":     (LOGIN, 403, 403, 302, 302, 403, MFA, 403),
    "board_indicator_post":    (LOGIN, 403, 403, 302, 302, 403, MFA, 403),
    "public_page":             (200, 200, 200, 200, 200, 200, 200, 200),
    "public_results":          (200, 200, 200, 200, 200, 200, 200, 200),
    "indicator_csv":           (200, 200, 200, 200, 200, 200, 200, 200),
    # The desk's one click asking the parties for progress and actuals: the secretariat's alone.
    "desk_remind":             (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
}  # fmt: skip


def act_on_results(action, client, recorded, born, kpi):
    from bulletin.models import Indicator

    collaboration = born if action.startswith("board_") else recorded
    action = action.removeprefix("board_")
    pk = collaboration.pk
    indicator = {
        "name": "来場者数",
        "unit": "人",
        "direction": "increase",
        "target": "1000",
        "baseline": "",
        "baseline_on": "",
        "target_on": "",
        "actual": "",
        "actual_on": "",
    }
    if action == "state_form":
        return client.get(reverse("bulletin:collaboration-state", args=[pk]))
    if action == "state_post":
        return client.post(
            reverse("bulletin:collaboration-state", args=[pk]),
            {"state": "ongoing", "started_on": "2023-05-01", "ended_on": ""},
        )
    if action == "progress_form":
        return client.get(reverse("bulletin:progress-create", args=[pk]))
    if action == "progress_post":
        return client.post(
            reverse("bulletin:progress-create", args=[pk]),
            {"date": "2023-10-08", "text": "物産展を開きました", "photo_alt": "", "event": ""},
        )
    if action == "indicator_form":
        return client.get(reverse("bulletin:indicator-create", args=[pk]))
    if action == "indicator_post":
        return client.post(reverse("bulletin:indicator-create", args=[pk]), indicator)
    if action == "indicator_edit":
        return client.get(reverse("bulletin:indicator-update", args=[pk, kpi.pk]))
    if action == "indicator_update":
        return client.post(
            reverse("bulletin:indicator-update", args=[pk, kpi.pk]),
            indicator | {"actual": "1200", "actual_on": "2023-10-09"},
        )
    if action == "public_page":
        assert Indicator.objects.filter(pk=kpi.pk).exists()
        return client.get(collaboration.get_absolute_url())
    if action == "public_results":
        return client.get(reverse("bulletin:collaboration-results"))
    if action == "indicator_csv":
        return client.get(reverse("bulletin:indicator-csv"))
    if action == "desk_remind":
        from bulletin.models import Notification

        response = client.post(reverse("bulletin:desk-collaboration-remind", args=[pk]))
        told = Notification.objects.filter(collaboration=collaboration).exists()
        assert told == (
            response.status_code == 302 and response["Location"] == reverse("bulletin:desk")
        )
        return response
    raise AssertionError(action)


@pytest.mark.parametrize("action", RESULTS_MATRIX)
@pytest.mark.parametrize("role", RESULTS_ROLES)
def test_results_permission_matrix(client, board, proposal, role, action):
    from bulletin.models import Collaboration, Indicator

    from .conftest import realize
    from .test_collaborations import make_collaboration

    realize(proposal, board)  # 坂井市's proposal, 品川区's hand: born on the board
    born = Collaboration.objects.get()
    recorded = make_collaboration(
        "sakai-shinagawa",
        wards=[board.shinagawa],
        municipalities=[board.sakai],
        prefecture=board.sakai.prefecture,
        fiscal_year=2023,
        field="industry",
    )
    kpi = Indicator.objects.create(collaboration=recorded, name="出店数", unit="店", target=10)
    users = {
        "pending": board.pending,
        "not_party": board.other,
        "party": board.proposer,
        "party_ward": board.ward,
        "partner": make_partner(email="npo@example.jp") if role == "partner" else None,
    }
    if role == "secretariat":
        pass_second_factor(client, board.secretariat)
    elif role == "password_only":
        client.force_login(board.secretariat)
    elif role != "anonymous":
        client.force_login(users[role])
    response = act_on_results(action, client, recorded, born, kpi)
    assert outcome(response) == RESULTS_MATRIX[action][RESULTS_ROLES.index(role)]
