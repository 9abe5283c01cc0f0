"""The permission matrix: who may view, edit a PR page, and approve an application.

Actors: anonymous, a pending applicant (of A), a member of A, a member of B, a ward member
(品川区), secretariat staff (事務局 group, logged in with the authenticator code) and secretariat
staff whose session has a password only (sent to the code first). Every forbidden action must be
refused on the server (403 or a redirect to log in or to the code) and change nothing; every
allowed one works.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from members.models import MembershipStatus, MunicipalityKind, PRPage
from tests.factories import (
    add_totp,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat_staff,
    make_user,
    make_ward,
    pass_second_factor,
)

ACTORS = [
    "anonymous",
    "pending",
    "member_a",
    "member_b",
    "ward_member",
    "secretariat",
    "password_only",
]


@pytest.fixture
def world(db):
    fukui = make_prefecture("18", "福井県")
    a = make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    b = make_municipality("あわら市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182087")
    ward = make_ward()
    users = {
        "anonymous": None,
        "pending": make_member(a, status="pending", email="pending@example.jp"),
        "member_a": make_member(a, email="a@example.jp"),
        "member_b": make_member(b, email="b@example.jp"),
        "ward_member": make_member(ward, email="ward@example.jp"),
        "secretariat": make_secretariat_staff(),
        "password_only": make_secretariat_staff("password-only@example.jp"),
    }
    applicant = make_member(b, status="pending", email="applicant@example.jp")
    return SimpleNamespace(a=a, b=b, ward=ward, users=users, application=applicant.membership)


def act_as(client, world, actor):
    user = world.users[actor]
    if actor == "secretariat":
        pass_second_factor(client, user)
    elif user is not None:
        client.force_login(user)
    return user


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


PR_POST = {
    "catchphrase": "東尋坊と丸岡城のまち",
    "introduction": "日本海に面したまちです。",
    "tourism": "",
    "specialties": "",
    "events": "",
    "website": "",
    "contact": "",
    "photos-TOTAL_FORMS": "0",
    "photos-INITIAL_FORMS": "0",
    "photos-MIN_NUM_FORMS": "0",
    "photos-MAX_NUM_FORMS": "6",
}


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_views_the_public_municipality_page(client, world, actor):
    PRPage.objects.create(municipality=world.a, catchphrase="東尋坊のまち", introduction="紹介")
    act_as(client, world, actor)
    response = client.get(world.a.get_absolute_url())
    assert response.status_code == 200
    assert "東尋坊のまち" in response.content.decode()


EDIT_OUTCOME = {
    "anonymous": "login",
    "pending": 403,
    "member_a": "allowed",
    "member_b": 403,
    "ward_member": 403,
    "secretariat": 403,
    "password_only": 403,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_only_approved_members_of_the_municipality_edit_its_pr_page(client, world, actor):
    act_as(client, world, actor)
    url = reverse("members:pr-edit", kwargs={"code": world.a.code})
    get, post = client.get(url), client.post(url, PR_POST)
    expected = EDIT_OUTCOME[actor]
    if expected == "allowed":
        assert get.status_code == 200
        assert post.status_code == 302
        assert PRPage.objects.get(municipality=world.a).catchphrase == "東尋坊と丸岡城のまち"
        assert "PRページを編集する" in client.get(world.a.get_absolute_url()).content.decode()
    else:
        if expected == "login":
            assert is_login_redirect(get) and is_login_redirect(post)
        else:
            assert get.status_code == post.status_code == 403
        assert not PRPage.objects.filter(municipality=world.a).exists()
        assert "PRページを編集する" not in client.get(world.a.get_absolute_url()).content.decode()


@pytest.mark.parametrize("actor, municipality", [("member_b", "b"), ("ward_member", "ward")])
def test_members_of_b_and_of_a_ward_edit_their_own_pr_page(client, world, actor, municipality):
    act_as(client, world, actor)
    target = getattr(world, municipality)
    response = client.post(reverse("members:pr-edit", kwargs={"code": target.code}), PR_POST)
    assert response.status_code == 302
    assert PRPage.objects.get(municipality=target).introduction == "日本海に面したまちです。"


APPROVE_OUTCOME = {
    "anonymous": "login",
    "pending": 403,
    "member_a": 403,
    "member_b": 403,
    "ward_member": 403,
    "secretariat": "allowed",
    "password_only": "mfa",
}


def approve_in_admin(client, membership):
    return client.post(
        reverse("admin:members_membership_changelist"),
        {"action": "approve_selected", "_selected_action": [membership.pk], "index": 0},
        follow=True,
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_secretariat_approves_applications(client, world, actor, mailoutbox):
    act_as(client, world, actor)
    response = approve_in_admin(client, world.application)
    world.application.refresh_from_db()
    expected = APPROVE_OUTCOME[actor]
    if expected == "allowed":
        assert response.status_code == 200
        assert world.application.status == MembershipStatus.APPROVED
        assert "1件の申請を承認し" in response.content.decode()
    else:
        assert world.application.status == MembershipStatus.PENDING
        assert world.application.decided_by is None
        first_hop = response.redirect_chain[-1][0] if response.redirect_chain else ""
        if expected == "login":
            assert reverse("account_login") in first_hop
        elif expected == "mfa":
            assert first_hop.startswith(reverse("mfa_reauthenticate"))
        else:
            # The admin sends non-staff to its login, which refuses a logged-in non-staff user.
            assert response.status_code == 403


def test_staff_without_the_secretariat_group_cannot_approve(client, world):
    staff = make_user("it@example.jp", is_staff=True)
    add_totp(staff)
    pass_second_factor(client, staff)
    response = approve_in_admin(client, world.application)
    world.application.refresh_from_db()
    assert world.application.status == MembershipStatus.PENDING
    assert response.status_code == 403


def test_secretariat_without_an_authenticator_is_sent_to_set_one_up(client, world):
    staff = make_secretariat_staff("nototp@example.jp", totp=False)
    client.force_login(staff)
    response = client.post(
        reverse("admin:members_membership_changelist"),
        {"action": "approve_selected", "_selected_action": [world.application.pk], "index": 0},
    )
    world.application.refresh_from_db()
    assert world.application.status == MembershipStatus.PENDING
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
