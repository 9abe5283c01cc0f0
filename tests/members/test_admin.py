"""The secretariat's admin: applications with approve / reject (with a reason) / deactivate
actions, filters and search; PR pages and photos; the 事務局 group assembled after migrate."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import (
    MemberMunicipality,
    MembershipStatus,
    MunicipalityKind,
    PRPage,
    PRPhoto,
)
from members.roles import SECRETARIAT_GROUP, declared_permissions
from members.services import PhotoChange, pr_page_update
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat_staff,
    make_user,
    make_ward,
    pass_second_factor,
)
from tests.members.images import photo_bytes, upload

CHANGELIST = reverse("admin:members_membership_changelist")


@pytest.fixture
def staff_client(client, db):
    pass_second_factor(client, make_secretariat_staff())
    return client


def act(client, action, memberships, **extra):
    # Posted from the list showing every status, as the secretariat does for a decided account
    # (an action applies to the rows the list's filters show; the list opens on 承認待ち).
    return client.post(
        CHANGELIST + "?status__exact=all",
        {"action": action, "_selected_action": [m.pk for m in memberships], "index": 0, **extra},
        follow=True,
    )


def test_migrate_assembles_the_secretariat_group_from_every_apps_declaration(db):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert granted == declared_permissions()
    # Each app's own declaration reached the group; deleting members is left to superusers.
    for permission in [
        "members.approve_membership",
        "agreements.change_agreementbody",
        "events.add_event",
        "bulletin.change_collaboration",
        "bulletin.view_report",
        "record.change_timelineentry",
        "account.view_emailaddress",
    ]:
        assert permission in granted
    assert "members.delete_membership" not in granted
    assert "bulletin.change_proposal" not in granted


def test_approve_action_emails_each_applicant(staff_client, mailoutbox, send_outbox):
    town = make_municipality("白糠町")
    first = make_member(town, status="pending").membership
    second = make_member(town, status="pending").membership
    unverified = make_member(town, status="pending", verified=False).membership
    response = act(staff_client, "approve_selected", [first, second, unverified])
    send_outbox()
    body = response.content.decode()
    assert "2件の申請を承認し、申請者にメールで知らせました。" in body
    assert "メールアドレスの確認が済んでいないため" in body
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.user.email, second.user.email])
    assert MemberMunicipality.objects.filter(municipality=town).count() == 1
    unverified.refresh_from_db()
    assert unverified.status == MembershipStatus.PENDING


def test_reject_action_asks_for_a_reason(staff_client, mailoutbox, send_outbox):
    membership = make_member(status="pending").membership
    page = act(staff_client, "reject_selected", [membership])
    assert page.status_code == 200
    assert "不承認の理由" in page.content.decode()
    assert membership.full_name in page.content.decode()

    page = act(staff_client, "reject_selected", [membership], apply="1", reason="")
    assert "不承認の理由を入力してください" in page.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING

    response = act(
        staff_client,
        "reject_selected",
        [membership],
        apply="1",
        reason="所属の確認が取れませんでした。",
    )
    send_outbox()
    assert response.redirect_chain[-1][0] == CHANGELIST + "?status__exact=all"
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.rejection_reason == "所属の確認が取れませんでした。"
    [mail] = mailoutbox
    assert "所属の確認が取れませんでした。" in mail.body


def test_deactivate_action(staff_client, mailoutbox, send_outbox):
    member = make_member()
    act(staff_client, "deactivate_selected", [member.membership])
    send_outbox()
    member.refresh_from_db()
    assert not member.is_active
    assert member.membership.status == MembershipStatus.DEACTIVATED
    assert "事務局が" in mailoutbox[0].body


def test_decisions_cannot_be_typed_into_the_change_form(staff_client):
    membership = make_member(status="pending").membership
    url = reverse("admin:members_membership_change", args=[membership.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(
        url,
        {
            "municipality": membership.municipality.pk,
            "department": "新しい課",
            "position": "主任",
            "full_name": membership.full_name,
            "full_name_kana": membership.full_name_kana,
            "phone": membership.phone,
            "status": "approved",
        },
    )
    membership.refresh_from_db()
    assert membership.department == "新しい課"
    assert membership.status == MembershipStatus.PENDING
    assert not MemberMunicipality.objects.exists()


def test_applications_filter_by_status_prefecture_and_kind_and_search(staff_client):
    hokkaido, tokyo = make_prefecture("01", "北海道"), make_prefecture("13", "東京都")
    town = make_municipality("白糠町", prefecture=hokkaido)
    city = make_municipality("釧路市", prefecture=hokkaido, kind=MunicipalityKind.CITY)
    ward = make_ward()
    a = make_member(town, status="pending", email="shiranuka@example.jp")
    b = make_member(city, email="kushiro@example.jp")
    c = make_member(ward, status="pending", email="shinagawa@example.jp")

    def emails(params):
        response = staff_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return sorted(m.user.email for m in response.context["cl"].result_list)

    assert emails({"status__exact": "pending"}) == sorted([a.email, c.email])
    assert emails({"status__exact": "all", "municipality__prefecture__id__exact": tokyo.pk}) == [
        c.email
    ]
    assert emails({"status__exact": "all", "municipality__kind__exact": "city"}) == [b.email]
    assert emails({"status__exact": "all", "q": "釧路"}) == [b.email]
    assert emails({"q": "shiranuka@"}) == [a.email]
    body = staff_client.get(CHANGELIST).content.decode()
    for label in ["状態", "種別", "都道府県"]:
        assert label in body


def test_application_list_query_count_does_not_grow(staff_client, assert_queries_constant):
    def grow(index):
        make_member(status="pending", email=f"applicant{index}@example.jp")

    (response,) = assert_queries_constant(CHANGELIST, grow, large=22, max_queries=11)
    assert len(response.context["cl"].result_list) == 22


def test_pr_pages_and_photos_in_the_admin(
    staff_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    town = make_municipality("白糠町")
    member = make_member(town)
    from members.images import process_photo

    pr_page_update(
        municipality=town,
        editor=member,
        fields={"catchphrase": "くじらの町", "introduction": "紹介"},
        photos=[
            PhotoChange(
                photo=None,
                alt_text="海岸の夕日",
                image=process_photo(upload("a.jpg", photo_bytes())),
            )
        ],
    )
    page, photo = PRPage.objects.get(), PRPhoto.objects.get()
    for url in [
        reverse("admin:members_prpage_changelist"),
        reverse("admin:members_prpage_change", args=[page.pk]),
        reverse("admin:members_prphoto_changelist"),
        reverse("admin:members_prphoto_change", args=[photo.pk]),
        reverse("admin:members_membermunicipality_changelist"),
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        if "membermunicipality" not in url:  # no approval here, so no member municipality
            assert "白糠町" in response.content.decode(), url
    assert (
        "くじらの町"
        in staff_client.get(reverse("admin:members_prpage_change", args=[page.pk])).content.decode()
    )
    assert (
        'alt="海岸の夕日"'
        in staff_client.get(reverse("admin:members_prphoto_changelist")).content.decode()
    )
    # No adding photos past the upload checks.
    assert staff_client.get(reverse("admin:members_prphoto_add")).status_code == 403

    files = [Path(photo.image.path), Path(photo.thumbnail.path)]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:members_prphoto_delete", args=[photo.pk]), {"post": "yes"})
    assert not PRPhoto.objects.exists()
    assert not any(path.exists() for path in files)


def test_member_cannot_reach_the_admin(client, db):
    client.force_login(make_member())
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    body = response.content.decode()
    assert "このページを表示する権限がありません" in body
    assert reverse("admin:members_membership_changelist") not in body


def test_plain_users_are_not_in_the_admin_user_list_as_staff(staff_client):
    import re

    make_user("someone@example.jp")
    url = reverse("admin:members_user_changelist")
    body = staff_client.get(url).content.decode()
    row = re.search(r"<tr>(?:(?!</tr>).)*someone@example\.jp.*?</tr>", body, re.S).group(0)
    assert re.search(r'class="field-is_staff"><img [^>]*alt="False"', row), row
    staff_only = staff_client.get(url, {"is_staff__exact": "1"})
    assert [u.email for u in staff_only.context["cl"].result_list] == ["staff@example.jp"]
    assert "someone@example.jp" not in staff_only.content.decode()


def test_the_applications_list_opens_on_the_pending_ones_with_a_way_to_see_all(staff_client):
    pending = make_member(status="pending", email="pending@example.jp")
    approved = make_member(email="approved@example.jp")
    response = staff_client.get(CHANGELIST)
    shown = [m.user.email for m in response.context["cl"].result_list]
    assert shown == [pending.email]
    body = response.content.decode()
    assert '<a href="?status__exact=all">すべて</a>' in body
    everyone = staff_client.get(CHANGELIST, {"status__exact": "all"})
    assert sorted(m.user.email for m in everyone.context["cl"].result_list) == sorted(
        [pending.email, approved.email]
    )


def change_url(membership):
    return reverse("admin:members_membership_change", args=[membership.pk])


def change_form_data(membership, **extra):
    return {
        "municipality": membership.municipality.pk,
        "department": membership.department,
        "position": membership.position,
        "full_name": membership.full_name,
        "full_name_kana": membership.full_name_kana,
        "phone": membership.phone,
        **extra,
    }


def test_an_application_is_approved_from_its_own_page(
    staff_client, send_outbox, django_capture_on_commit_callbacks
):
    membership = make_member(status="pending").membership
    page = staff_client.get(change_url(membership)).content.decode()
    assert 'name="_approve" value="承認"' in page
    assert 'name="_reject" value="不承認"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(membership), change_form_data(membership, _approve="承認"), follow=True
        )
    assert "1件の申請を承認し、申請者にメールで知らせました。" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert MemberMunicipality.objects.filter(municipality=membership.municipality).exists()
    [mail] = send_outbox()
    assert "承認されました" in mail.subject
    # Once decided, the page offers no second approval.
    assert 'name="_approve"' not in staff_client.get(change_url(membership)).content.decode()


def test_an_application_is_rejected_from_its_own_page_with_a_reason(
    staff_client, send_outbox, django_capture_on_commit_callbacks
):
    membership = make_member(status="pending").membership
    response = staff_client.post(
        change_url(membership),
        change_form_data(membership, _reject="不承認", reason=""),
        follow=True,
    )
    assert "不承認の理由を入力してください。" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            change_url(membership),
            change_form_data(membership, _reject="不承認", reason="所属の確認が取れませんでした。"),
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.rejection_reason == "所属の確認が取れませんでした。"
    [mail] = send_outbox()
    assert "所属の確認が取れませんでした。" in mail.body


def test_the_municipality_is_named_with_its_prefecture(staff_client):
    tokyo, hiroshima = make_prefecture("13", "東京都"), make_prefecture("34", "広島県")
    fuchu_tokyo = make_municipality("府中市", prefecture=tokyo, kind="city", code="132063")
    fuchu_hiroshima = make_municipality("府中市", prefecture=hiroshima, kind="city", code="342084")
    pending = make_member(fuchu_hiroshima, status="pending").membership
    approved = make_member(fuchu_tokyo).membership

    listing = staff_client.get(CHANGELIST, {"status__exact": "all"}).content.decode()
    assert "東京都" in listing and "広島県" in listing
    # The change page: the autocomplete's chosen option (pending) and the read-only field.
    page = staff_client.get(change_url(pending)).content.decode()
    assert f'<option value="{fuchu_hiroshima.pk}" selected>広島県府中市</option>' in page
    page = staff_client.get(change_url(approved)).content.decode()
    assert "東京都" in page
    # The autocomplete tells the two apart.
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "府中",
            "app_label": "members",
            "model_name": "membership",
            "field_name": "municipality",
        },
    )
    assert sorted(r["text"] for r in response.json()["results"]) == ["広島県府中市", "東京都府中市"]


def test_the_approval_mail_links_to_the_portal_not_to_the_requests_host(
    staff_client, settings, mailoutbox, send_outbox
):
    """Approved from an admin reached under another name: the mail still points at SITE_URL."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    settings.SITE_URL = "https://portal.example.jp"
    membership = make_member(status="pending").membership
    staff_client.post(
        CHANGELIST + "?status__exact=all",
        {"action": "approve_selected", "_selected_action": [membership.pk], "index": 0},
        HTTP_HOST="evil.example",
    )
    send_outbox()
    [mail] = mailoutbox
    assert mail.to == [membership.user.email]
    assert "https://portal.example.jp" + reverse("members:mypage") in mail.body
    assert "evil.example" not in mail.body
