"""The wards keep their own register: add, edit and end ties from the board, every change kept
with who and when; the secretariat reverts one from its desk; a municipality proposes a tie and
the ward confirms it."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Notification, NotificationKind
from members.models import OutgoingEmail
from network.maps import network_map
from network.models import Tie, TieChange, TieChangeAction, TieKind, TieProposal
from network.services import tie_create, tie_update
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_ward,
    pass_second_factor,
)


@dataclass
class Register:
    shinagawa: object
    meguro: object
    ota: object  # 群馬県太田市
    kiryu: object  # 群馬県桐生市
    ward_member: object
    other_ward_member: object
    town_member: object
    pending: object
    secretariat: object


@pytest.fixture
def reg(db) -> Register:
    gunma = make_prefecture("10", "群馬県")
    shinagawa = make_ward()
    meguro = make_ward("目黒区", "131105", "メグロク")
    # With a place on the map (its marks are counted).
    ota = make_municipality(
        "太田市", prefecture=gunma, kind="city", code="102059", latitude=36.29, longitude=139.37
    )
    kiryu = make_municipality(
        "桐生市", prefecture=gunma, kind="city", code="102032", latitude=36.40, longitude=139.33
    )
    return Register(
        shinagawa=shinagawa,
        meguro=meguro,
        ota=ota,
        kiryu=kiryu,
        ward_member=make_member(shinagawa, email="shinagawa@example.jp"),
        other_ward_member=make_member(meguro, email="meguro@example.jp"),
        town_member=make_member(ota, email="ota@example.jp"),
        pending=make_member(shinagawa, status="pending", email="pending@example.jp"),
        secretariat=make_secretariat(),
    )


def tie_form(**changes) -> dict:
    data = {
        "kind": "friendship",
        "partner_0": "群馬県太田市",
        "partner_1": "",
        "partner_2": "",
        "area_name": "",
        "since": "2015-04-01",
        "since_precision": "day",
        "source": "品川区ホームページ",
        "note": "友好都市協定",
        "department": "地域活動課",
    }
    data.update(changes)
    return data


def add_tie(reg, **changes) -> Tie:
    return tie_create(
        user=reg.ward_member,
        ward=reg.shinagawa,
        data={
            "kind": TieKind.FRIENDSHIP,
            "municipalities": [reg.ota],
            "area_name": "",
            "since": datetime.date(2015, 4, 1),
            "since_precision": "day",
            "source": "",
            "note": "",
            "department": "地域活動課",
            **changes,
        },
    )


def test_a_ward_member_adds_a_tie_and_it_shows_on_both_pages_and_the_map(client, reg):
    before = network_map().totals["by_key"]["tie"]
    # The public pages as a visitor saw them (and the page cache stored them) before.
    assert "品川区" not in client.get(reg.ota.get_absolute_url()).content.decode()
    assert "太田市" not in client.get(reg.shinagawa.get_absolute_url()).content.decode()
    client.force_login(reg.ward_member)
    response = client.post(reverse("bulletin:tie-create"), tie_form())
    assert response.status_code == 302
    tie = Tie.objects.get()
    assert tie.ward == reg.shinagawa and list(tie.municipalities.all()) == [reg.ota]
    assert tie.department == "地域活動課"
    change = TieChange.objects.get()
    assert change.action == TieChangeAction.CREATED and change.user == reg.ward_member
    assert change.before is None and change.after["municipality_names"] == ["群馬県太田市"]
    client.logout()
    ota_page = client.get(reg.ota.get_absolute_url()).content.decode()
    assert "品川区" in ota_page and "友好都市・姉妹都市" in ota_page
    ward_page = client.get(reg.shinagawa.get_absolute_url()).content.decode()
    assert "太田市" in ward_page and "地域活動課" in ward_page
    assert network_map().totals["by_key"]["tie"] == before + 1


def test_editing_a_tie_keeps_who_and_what_changed(client, reg):
    tie = add_tie(reg)
    client.force_login(reg.ward_member)
    response = client.post(
        reverse("bulletin:tie-update", args=[tie.pk]),
        tie_form(partner_1="群馬県桐生市", kind="disaster", department="防災課"),
    )
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.kind == TieKind.DISASTER and tie.department == "防災課"
    assert set(tie.municipalities.all()) == {reg.ota, reg.kiryu}
    change = TieChange.objects.filter(action=TieChangeAction.EDITED).get()
    assert change.user == reg.ward_member
    labels = {label for label, _old, _new in change.differences()}
    assert {"種類", "担当部署", "相手の自治体"} <= labels
    page = client.get(reverse("bulletin:tie-list")).content.decode()
    assert "防災課" in page and "変更の履歴" in page


def test_retiring_a_tie_removes_it_from_public_pages_and_the_map_but_keeps_history(client, reg):
    tie = add_tie(reg)
    assert "品川区" in client.get(reg.ota.get_absolute_url()).content.decode()  # stored
    with_tie = network_map().totals["by_key"]["tie"]
    client.force_login(reg.ward_member)
    response = client.post(
        reverse("bulletin:tie-retire", args=[tie.pk]),
        {"retired_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.retired_on == timezone.localdate()
    # Still listed for the ward, among the ended ties.
    page = client.get(reverse("bulletin:tie-list")).content.decode()
    assert "終了した交流関係" in page and "登録中の交流関係（0件）" in page
    assert Tie.objects.filter(pk=tie.pk).exists()  # kept, not deleted
    assert [c.action for c in TieChange.objects.order_by("pk")] == ["created", "retired"]
    assert network_map().totals["by_key"]["tie"] == with_tie - 1
    client.logout()
    assert "品川区" not in client.get(reg.ota.get_absolute_url()).content.decode()


def test_another_wards_member_does_not_find_the_tie(client, reg):
    tie = add_tie(reg)
    client.force_login(reg.other_ward_member)
    assert client.get(reverse("bulletin:tie-update", args=[tie.pk])).status_code == 404
    assert client.post(reverse("bulletin:tie-update", args=[tie.pk]), tie_form()).status_code == 404
    response = client.post(
        reverse("bulletin:tie-retire", args=[tie.pk]), {"retired_on": "2024-01-01"}
    )
    assert response.status_code == 404
    tie.refresh_from_db()
    assert tie.is_active and TieChange.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"partner_0": "存在しない市"}, "partner_0"),
        ({"partner_0": "東京都品川区"}, "partner_0"),  # the ward itself
        ({"partner_0": ""}, "partner_0"),  # no partner, no area
        ({"since": "2999-01-01"}, "since"),
        ({"since": "1200-01-01"}, "since"),
        ({"since": "2023-02-30"}, "since"),
        ({"kind": "board"}, "kind"),  # a board tie is written by its collaboration
        ({"kind": "nonsense"}, "kind"),
        ({"since_precision": "century"}, "since_precision"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(client, reg, changes, field):
    client.force_login(reg.ward_member)
    response = client.post(reverse("bulletin:tie-create"), tie_form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Tie.objects.exists() and not TieChange.objects.exists()


def test_script_in_the_note_is_shown_as_text(client, reg):
    client.force_login(reg.ward_member)
    client.post(reverse("bulletin:tie-create"), tie_form(note="<script>alert(1)</script>"))
    client.post(
        reverse("bulletin:tie-update", args=[Tie.objects.get().pk]),
        tie_form(note="<img src=x onerror=alert(1)>"),
    )
    page = client.get(reverse("bulletin:tie-list")).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_secretariat_reverts_an_edit_from_the_desk(client, reg):
    tie = add_tie(reg)
    client.force_login(reg.ward_member)
    client.post(
        reverse("bulletin:tie-update", args=[tie.pk]),
        tie_form(department="防災課", partner_0="群馬県桐生市"),
    )
    edit = TieChange.objects.get(action=TieChangeAction.EDITED)
    client.logout()
    pass_second_factor(client, reg.secretariat)
    desk = client.get(reverse("bulletin:desk")).content.decode()
    assert "交流関係の変更（最近30日、2件）" in desk and "防災課" in desk
    response = client.post(reverse("bulletin:tie-revert", args=[edit.pk]))
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.department == "地域活動課" and list(tie.municipalities.all()) == [reg.ota]
    revert = TieChange.objects.get(action=TieChangeAction.REVERTED)
    assert revert.reverts == edit and revert.user == reg.secretariat
    assert "取り消し済み" in client.get(reverse("bulletin:desk")).content.decode()
    # Reverting it twice changes nothing.
    client.post(reverse("bulletin:tie-revert", args=[edit.pk]))
    assert TieChange.objects.filter(action=TieChangeAction.REVERTED).count() == 1


def test_reverting_an_addition_ends_the_tie_and_an_older_change_waits_for_the_newer(client, reg):
    tie = add_tie(reg)
    created = TieChange.objects.get()
    client.force_login(reg.ward_member)
    client.post(reverse("bulletin:tie-update", args=[tie.pk]), tie_form(department="防災課"))
    client.logout()
    pass_second_factor(client, reg.secretariat)
    client.post(reverse("bulletin:tie-revert", args=[created.pk]))
    tie.refresh_from_db()
    assert tie.is_active and tie.department == "防災課"  # refused: a later change exists
    edit = TieChange.objects.get(action=TieChangeAction.EDITED)
    client.post(reverse("bulletin:tie-revert", args=[edit.pk]))
    client.post(reverse("bulletin:tie-revert", args=[created.pk]))
    # The revert of the edit came after the addition: the addition now waits for it.
    tie.refresh_from_db()
    assert tie.is_active and tie.department == "地域活動課"


def test_the_secretariat_without_the_second_factor_cannot_revert(client, reg):
    tie = add_tie(reg)
    change = TieChange.objects.get()
    client.force_login(reg.secretariat)
    response = client.post(reverse("bulletin:tie-revert", args=[change.pk]))
    assert response.status_code == 302 and reverse("mfa_reauthenticate") in response["Location"]
    tie.refresh_from_db()
    assert tie.is_active and TieChange.objects.count() == 1


def test_changes_older_than_30_days_leave_the_desk(client, reg):
    add_tie(reg)
    TieChange.objects.update(at=timezone.now() - datetime.timedelta(days=31))
    pass_second_factor(client, reg.secretariat)
    assert "最近30日の変更はありません。" in client.get(reverse("bulletin:desk")).content.decode()
    change = TieChange.objects.get()
    assert client.post(reverse("bulletin:tie-revert", args=[change.pk])).status_code == 404


def propose(client, reg, **changes):
    client.force_login(reg.town_member)
    data = {"ward": reg.shinagawa.pk, "kind": "exchange", "since": "2020-05-01", "note": "物産展"}
    data.update(changes)
    return client.post(reverse("bulletin:tie-propose"), data)


def test_a_proposal_confirmed_by_the_ward_becomes_a_tie_and_the_proposer_is_told(client, reg):
    assert propose(client, reg).status_code == 302
    proposal = TieProposal.objects.get()
    assert not Tie.objects.exists()
    # The ward's member is told, in the site and by mail.
    assert Notification.objects.filter(recipient=reg.ward_member, tie_proposal=proposal).exists()
    mail = OutgoingEmail.objects.get(to="shinagawa@example.jp")
    assert "太田市から交流関係（交流事業）の申し出が届きました" in mail.subject
    assert "物産展" in mail.body and "/board/ties/" in mail.body
    client.force_login(reg.ward_member)
    page = client.get(reverse("bulletin:tie-list")).content.decode()
    assert "確認待ちの申し出（1件）" in page and "群馬県太田市" in page
    OutgoingEmail.objects.all().delete()
    response = client.post(
        reverse("bulletin:tie-proposal-decide", args=[proposal.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 302
    tie = Tie.objects.get()
    assert tie.ward == reg.shinagawa and list(tie.municipalities.all()) == [reg.ota]
    assert tie.kind == TieKind.EXCHANGE and tie.note == "物産展"
    change = TieChange.objects.get()
    assert change.action == TieChangeAction.CONFIRMED and change.user == reg.ward_member
    told = Notification.objects.get(recipient=reg.town_member)
    assert told.kind == NotificationKind.TIE_PROPOSAL and "品川区" in told.message
    assert OutgoingEmail.objects.get().to == "ota@example.jp"
    client.force_login(reg.town_member)
    listed = client.get(reverse("bulletin:notification-list")).content.decode()
    assert "品川区が交流関係（交流事業）の申し出を確認し、登録しました" in listed
    opened = client.get(reverse("bulletin:notification-open", args=[told.pk]))
    assert opened["Location"] == reverse("bulletin:tie-list")
    assert "確認済み" in client.get(reverse("bulletin:tie-list")).content.decode()


def test_a_declined_proposal_adds_no_tie(client, reg):
    propose(client, reg)
    proposal = TieProposal.objects.get()
    client.force_login(reg.ward_member)
    client.post(
        reverse("bulletin:tie-proposal-decide", args=[proposal.pk]), {"decision": "decline"}
    )
    assert not Tie.objects.exists() and not TieChange.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == "declined" and proposal.decided_by == reg.ward_member
    assert "見送りました" in Notification.objects.get(recipient=reg.town_member).message


def test_only_the_proposed_ward_decides(client, reg):
    propose(client, reg)
    proposal = TieProposal.objects.get()
    client.force_login(reg.other_ward_member)
    url = reverse("bulletin:tie-proposal-decide", args=[proposal.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 404
    client.force_login(reg.town_member)
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    assert not Tie.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ward": "99999999"}, "ward"),
        ({"ward": "abc"}, "ward"),
        ({"since": "2999-12-31"}, "since"),
        ({"kind": "board"}, "kind"),
    ],
)
def test_a_bad_proposal_is_a_form_error(client, reg, changes, field):
    response = propose(client, reg, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not TieProposal.objects.exists()


def test_a_proposal_to_a_non_ward_is_refused(client, reg):
    response = propose(client, reg, ward=reg.kiryu.pk)
    assert response.status_code == 200 and not TieProposal.objects.exists()


def test_the_same_proposal_twice_is_a_form_error(client, reg):
    propose(client, reg)
    response = propose(client, reg)
    assert response.status_code == 200
    assert "確認待ちです" in response.content.decode()
    assert TieProposal.objects.count() == 1


def test_a_tie_born_on_the_board_keeps_its_kind_through_an_edit(client, reg):
    from network.services import board_ties_create

    (tie,) = board_ties_create(
        slug_prefix="collab",
        wards=[reg.shinagawa],
        partners=[reg.ota],
        since=datetime.date(2024, 4, 1),
        note="",
    )
    client.force_login(reg.ward_member)
    response = client.post(
        reverse("bulletin:tie-update", args=[tie.pk]), tie_form(kind="board", department="防災課")
    )
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.kind == TieKind.BOARD and tie.department == "防災課"


def test_the_ties_page_and_the_desk_take_the_same_queries_for_2_or_40_ties(
    client, reg, assert_queries_constant
):
    from tests.factories import make_municipality as make_town

    def grow(index):
        town = make_town(prefecture=reg.ota.prefecture)
        tie = add_tie(reg, municipalities=[town])
        tie_update(user=reg.ward_member, tie=tie, data={"department": f"課{index}"})
        TieProposal.objects.create(
            ward=reg.shinagawa, municipality=town, proposed_by=reg.town_member, kind="exchange"
        )

    client.force_login(reg.ward_member)
    (page,) = assert_queries_constant(reverse("bulletin:tie-list"), grow, max_queries=20)
    assert "登録中の交流関係（40件）" in page.content.decode()
    client.logout()
    pass_second_factor(client, reg.secretariat)
    client.get(reverse("bulletin:desk"))  # the year's figures are kept once worked out
    (desk,) = assert_queries_constant(reverse("bulletin:desk"), grow, max_queries=60)
    assert "交流関係の変更（最近30日、160件）" in desk.content.decode()
    assert "新しい100件を表示しています。" in desk.content.decode()


def test_the_secretariats_admin_edits_join_the_history(client, reg):
    tie = add_tie(reg)
    pass_second_factor(client, reg.secretariat)
    response = client.post(
        reverse("admin:network_tie_change", args=[tie.pk]),
        {
            "slug": tie.slug,
            "ward": reg.shinagawa.pk,
            "municipalities": [reg.ota.pk, reg.kiryu.pk],
            "area_name": "",
            "body": "",
            "kind": "friendship",
            "since": "2015-04-01",
            "since_precision": "day",
            "source": "",
            "note": "",
            "department": "地域活動課",
            "retired_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = TieChange.objects.get(action=TieChangeAction.EDITED)
    assert change.user == reg.secretariat
    assert change.after["municipality_names"] == ["群馬県桐生市", "群馬県太田市"]
    assert change.before["municipality_names"] == ["群馬県太田市"]


@pytest.mark.parametrize("retired_on", ["2999-01-01", "2010-01-01", "2023-02-30", ""])
def test_a_bad_end_date_is_a_form_error_and_the_tie_stays(client, reg, retired_on):
    tie = add_tie(reg)  # since 2015-04-01: 2010 is before it
    client.force_login(reg.ward_member)
    response = client.post(
        reverse("bulletin:tie-retire", args=[tie.pk]), {"retired_on": retired_on}
    )
    assert response.status_code == 200
    assert "retired_on" in response.context["form"].errors
    tie.refresh_from_db()
    assert tie.is_active and TieChange.objects.count() == 1


def test_the_services_refuse_another_wards_member(reg):
    from django.core.exceptions import PermissionDenied

    from network.services import tie_retire

    tie = add_tie(reg)
    with pytest.raises(PermissionDenied):
        tie_update(user=reg.other_ward_member, tie=tie, data={"department": "x"})
    with pytest.raises(PermissionDenied):
        tie_retire(user=reg.town_member, tie=tie)
    tie.refresh_from_db()
    assert tie.is_active and tie.department == "地域活動課"
