"""Who may open and post to each board endpoint of matching, the desk and consultations (and the
ties register's import): one row per action, one column per kind of user."""

import pytest
from django.urls import reverse

from bulletin.services.consultations import consultation_open
from bulletin.services.interests import saved_search_create
from tests.factories import pass_second_factor

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
    "saved_search_alerts": (LOGIN, 403, 302, 404, 404, 403, MFA),
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
    if action == "saved_search_alerts":
        return client.post(
            reverse("bulletin:saved-search-alerts", args=[saved_search.pk]), {"alerts": "off"}
        )
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
