"""Who may open and post to each endpoint of disaster mode: one row per action, one column per
kind of user (the board's matrix: tests/bulletin/test_permission_matrix.py)."""

import pytest
from django.urls import reverse

from disaster.models import Disaster, SupportRequest
from disaster.services.requests import commitment_make, request_post
from tests.bulletin.test_permission_matrix import LOGIN, MFA, outcome
from tests.factories import make_partner, pass_second_factor

from .conftest import make_quake
from .test_flow import NURSES


@pytest.fixture
def shared_quake(shared_world, request):
    """The disaster's world, built once for this module's cases (tests/shared_world.py)."""
    (quake,) = shared_world.use(request, make_quake)
    return quake


@pytest.fixture
def quake(shared_quake, db):
    """Each case's own copy; `db` after the world, whose transaction comes first."""
    return shared_quake


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

# member = 輪島市 (affected, the requester), other = 白糠町 (not affected), ward = 品川区,
# partner = an NPO's approved member: the 対策本部 is the municipalities' (wards commit, affected
# municipalities request); a partner reads only the public record (test_public_record.py).
MATRIX = {
    #                    anonymous pending member other ward secretariat password_only partner
    "list":              (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "declare_form":      (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "declare":           (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "headquarters":      (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "situation_xlsx":    (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "close":             (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "pairing":           (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "fund_form":         (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "fund":              (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "report_form":       (LOGIN, 403, 403, 403, 200, 403, MFA, 403),
    "report":            (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "request_form":      (LOGIN, 403, 200, 403, 403, 403, MFA, 403),
    "request_post":      (LOGIN, 403, 302, 403, 403, 403, MFA, 403),
    "request":           (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "commit":            (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "decide":            (LOGIN, 403, 302, 404, 404, 404, MFA, 403),
    "withdraw":          (LOGIN, 403, 302, 403, 403, 403, MFA, 403),
}  # fmt: skip

# What each allowed write leaves behind: the refused ones leave nothing.
WRITES = {
    "declare": lambda q: Disaster.objects.count() == 2,
    "close": lambda q: Disaster.objects.get(pk=q.disaster.pk).closed_at is not None,
    "pairing": lambda q: q.disaster.pairings.count() == 1,
    "fund": lambda q: q.disaster.funds.count() == 1,
    "report": lambda q: q.disaster.reports.count() == 1,
    "request_post": lambda q: SupportRequest.objects.count() == 2,
    "commit": lambda q: q.request.commitments.count() == 2,
    "decide": lambda q: q.offer.__class__.objects.get(pk=q.offer.pk).status == "confirmed",
    "withdraw": lambda q: SupportRequest.objects.get(pk=q.request.pk).state == "withdrawn",
}


def login(client, quake, role):
    users = {
        "pending": quake.pending,
        "member": quake.wajima_member,
        "other": quake.shiranuka_member,
        "ward": quake.shinagawa_member,
    }
    if role == "secretariat":
        pass_second_factor(client, quake.secretariat)
    elif role == "password_only":
        client.force_login(quake.secretariat)
    elif role == "partner":
        client.force_login(make_partner(email="npo@example.jp"))
    elif role != "anonymous":
        client.force_login(users[role])


def act(action, client, q):
    slug = q.disaster.slug
    urls = {
        "list": reverse("disaster:disaster-list"),
        "declare_form": reverse("disaster:disaster-declare"),
        "headquarters": q.disaster.get_absolute_url(),
        "situation_xlsx": reverse("disaster:situation-report", args=[slug]),
        "fund_form": reverse("disaster:fund-create", args=[slug]),
        "report_form": reverse("disaster:report-create", args=[slug]),
        "request_form": reverse("disaster:request-create", args=[slug]),
        "request": q.request.get_absolute_url(),
    }
    if action in urls:
        return client.get(urls[action])
    posts = {
        "declare": (
            reverse("disaster:disaster-declare"),
            {"name": "令和9年大雪", "kind": "heavy_snow", "occurred_on": "2027-02-01",
             "municipalities": "石川県輪島市"},
        ),
        "close": (reverse("disaster:disaster-close", args=[slug]), {}),
        "pairing": (
            reverse("disaster:pairing-create", args=[slug]),
            {"ward": q.edogawa.pk, "municipality": q.wajima.pk},
        ),
        "fund": (
            reverse("disaster:fund-create", args=[slug]),
            {"amount_yen": "10000000", "decided_on": "2027-01-20",
             "recipients": "石川県輪島市"},
        ),
        "report": (
            reverse("disaster:report-create", args=[slug]),
            {"kind": "staff", "profession": "nurse", "people": "3",
             "start_on": "2027-01-10", "end_on": "2027-01-20"},
        ),
        "request_post": (
            reverse("disaster:request-create", args=[slug]),
            {**NURSES, "start_on": "2027-01-10", "end_on": "2027-01-20"},
        ),
        "commit": (q.request.get_absolute_url(), {"quantity": "1", "contact": "防災課"}),
        "decide": (
            reverse("disaster:commitment-decide", args=[slug, q.offer.pk]),
            {"decision": "confirm"},
        ),
        "withdraw": (reverse("disaster:request-withdraw", args=[slug, q.request.pk]), {}),
    }  # fmt: skip
    path, data = posts[action]
    return client.post(path, data)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, quake, role, action):
    quake.request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    quake.offer = commitment_make(
        user=quake.edogawa_member, request=quake.request, data={"quantity": 2, "contact": "防災課"}
    )
    login(client, quake, role)
    response = act(action, client, quake)
    expected = MATRIX[action][ROLES.index(role)]
    assert outcome(response) == expected
    if action in WRITES:
        assert WRITES[action](quake) is (expected == 302)


def test_an_affected_member_cannot_post_a_request_in_another_municipalitys_name(client, quake):
    """The request is the poster's municipality's, whatever the form is sent with."""
    client.force_login(quake.wajima_member)
    url = reverse("disaster:request-create", args=[quake.disaster.slug])
    data = {**NURSES, "start_on": "2027-01-10", "end_on": "2027-01-20"}
    response = client.post(url, {**data, "municipality": quake.shiranuka.pk})
    assert response.status_code == 302
    assert list(SupportRequest.objects.values_list("municipality__name", flat=True)) == ["輪島市"]
