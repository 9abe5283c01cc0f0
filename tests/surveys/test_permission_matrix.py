"""Who may open and post to each survey endpoint: one row per action, one column per kind of user.

member = 白糠町 (in 北海道町村会, the survey's audience), other = 坂井市 (outside it), ward = 品川区,
partner = a partner organisation's member (the audience of the partners' survey only).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bulletin.test_permission_matrix import ADMIN, LOGIN, MFA, ROLES, outcome
from tests.factories import make_partner, pass_second_factor

from .conftest import answer_data, make_survey

MATRIX = {
    #                 anonymous pending member other ward secretariat password_only partner
    "public_list":    (200, 200, 200, 200, 200, 200, 200, 200),
    "public_results": (200, 200, 200, 200, 200, 200, 200, 200),
    "unpublished":    (404, 404, 404, 404, 404, 404, 404, 404),
    "my_list":        (LOGIN, 403, 200, 200, 200, 403, MFA, 200),
    "answer":         (LOGIN, 403, 200, 404, 404, 403, MFA, 404),
    "answer_post":    (LOGIN, 403, 302, 404, 404, 403, MFA, 404),
    "closed_answer":  (LOGIN, 403, 200, 404, 404, 403, MFA, 404),
    "closed_post":    (LOGIN, 403, 403, 404, 404, 403, MFA, 404),
    "partners_answer": (LOGIN, 403, 404, 404, 404, 403, MFA, 200),
    "partners_post":  (LOGIN, 403, 404, 404, 404, 403, MFA, 302),
    "desk_list":      (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "desk_detail":    (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "desk_csv":       (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "desk_xlsx":      (LOGIN, 403, 403, 403, 403, 200, MFA, 403),
    "invite":         (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "remind":         (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "publish":        (LOGIN, 403, 403, 403, 403, 302, MFA, 403),
    "admin_builder":  ("admin login", "admin login", "admin login", "admin login", "admin login", 200, MFA, ADMIN),
}  # fmt: skip


def login(client, world, role):
    if role == "secretariat":
        pass_second_factor(client, world.secretariat)
    elif role == "password_only":
        client.force_login(world.secretariat)
    elif role == "partner":
        client.force_login(make_partner(email="npo@example.jp"))
    elif role != "anonymous":
        client.force_login(world.users()[role])


def act(action, client, open_survey, closed_survey, published, partners_survey):
    if action == "public_list":
        return client.get(reverse("surveys:survey-list"))
    if action == "public_results":
        return client.get(published.get_absolute_url())
    if action == "unpublished":
        return client.get(open_survey.get_absolute_url())
    if action == "my_list":
        return client.get(reverse("surveys:my-survey-list"))
    if action == "answer":
        return client.get(open_survey.get_answer_url())
    if action == "answer_post":
        return client.post(open_survey.get_answer_url(), answer_data(open_survey))
    if action == "partners_answer":
        return client.get(partners_survey.get_answer_url())
    if action == "partners_post":
        return client.post(partners_survey.get_answer_url(), answer_data(partners_survey))
    if action == "closed_answer":
        return client.get(closed_survey.get_answer_url())
    if action == "closed_post":
        return client.post(closed_survey.get_answer_url(), answer_data(closed_survey))
    if action == "desk_list":
        return client.get(reverse("surveys:desk-list"))
    if action == "desk_detail":
        return client.get(open_survey.get_desk_url())
    if action in ("desk_csv", "desk_xlsx"):
        fmt = action.removeprefix("desk_")
        return client.get(reverse("surveys:desk-download", args=[open_survey.slug, fmt]))
    if action in ("invite", "remind"):
        return client.post(reverse("surveys:desk-action", args=[open_survey.slug, action]))
    if action == "publish":
        return client.post(
            reverse("surveys:desk-action", args=[closed_survey.slug, "publish"]),
            {"published": "1"},
        )
    if action == "admin_builder":
        return client.get(reverse("admin:surveys_survey_add"))
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, action):
    open_survey = make_survey(body=world.body, slug="open")
    past = timezone.now() - datetime.timedelta(days=1)
    closed_survey = make_survey(
        body=world.body,
        slug="closed",
        opens_in=-datetime.timedelta(days=30),
        closes_in=-datetime.timedelta(days=1),
    )
    published = make_survey(
        slug="published",
        opens_in=-datetime.timedelta(days=30),
        closes_in=past - timezone.now(),
        results_published=True,
    )
    partners_survey = make_survey(audience="partners", slug="partners")
    login(client, world, role)
    response = act(action, client, open_survey, closed_survey, published, partners_survey)
    assert outcome(response) == MATRIX[action][ROLES.index(role)]
