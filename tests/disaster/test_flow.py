"""Declaring a disaster, requests and commitments: what members see and receive."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bulletin.models import Notification, NotificationKind
from bulletin.services.notifications import alerts_set
from disaster.models import CommitmentStatus, RequestState, SupportRequest
from disaster.services.disasters import disaster_close, disaster_declare
from disaster.services.requests import (
    commitment_decide,
    commitment_make,
    progress_text,
    request_post,
    request_withdraw,
)
from members.models import OutgoingEmail
from tests.factories import make_member, pass_second_factor

NURSES = {
    "kind": "staff",
    "profession": "nurse",
    "item": "避難所の健康相談",
    "quantity": 5,
    "unit": "名",
    "start_on": datetime.date(2027, 1, 10),
    "end_on": datetime.date(2027, 1, 20),
    "place": "輪島市役所",
    "conditions": "",
}


def commit(quake, member, quantity):
    return lambda request: commitment_make(
        user=member,
        request=request,
        data={"quantity": quantity, "contact": "防災課 03-0000-0000"},
    )


def test_declaring_alerts_ward_and_affected_members_at_once_whatever_their_settings(quake):
    told = set(
        Notification.objects.filter(kind=NotificationKind.DISASTER).values_list(
            "recipient__email", flat=True
        )
    )
    # Every ward member and the affected municipality's approved member; not 白糠町, not pending.
    assert told == {"wajima@example.jp", "shinagawa@example.jp", "edogawa@example.jp"}
    # 品川区's member chose the digest and muted everything: the mail is in the outbox now.
    mail = OutgoingEmail.objects.get(to="shinagawa@example.jp")
    assert "令和9年能登地震" in mail.subject and "緊急" in mail.subject
    note = Notification.objects.get(recipient=quake.shinagawa_member)
    assert note.email_id == mail.pk
    assert note.target_url() == quake.disaster.get_absolute_url()


def test_a_member_cannot_mute_the_urgent_alerts(quake):
    preference = alerts_set(user=quake.edogawa_member, muted_kinds=["disaster", "reply"])
    assert preference.muted_kinds == ["reply"]


def test_a_mute_stored_for_disaster_alerts_does_not_hold_them_back(quake):
    """A preference row that names the disaster kind (written before the rule, or by hand) is
    ignored as well: a new request reaches the digest-taking member in the site and by mail now."""
    from bulletin.models import Delivery, NotificationPreference

    NotificationPreference.objects.filter(user=quake.shinagawa_member).update(
        delivery=Delivery.DAILY_DIGEST, muted_kinds=["disaster", "reply"]
    )
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    note = Notification.objects.get(
        recipient=quake.shinagawa_member, link=request.get_absolute_url()
    )
    mail = OutgoingEmail.objects.get(pk=note.email_id)
    assert mail.to == "shinagawa@example.jp" and "保健師" in mail.subject


def test_the_headquarters_page_opens_for_members_with_the_request_button_for_the_affected(
    quake, client
):
    client.force_login(quake.wajima_member)
    page = client.get(quake.disaster.get_absolute_url()).content.decode()
    assert "令和9年能登地震 対策本部" in page and "支援を要請する" in page
    client.force_login(quake.shiranuka_member)
    page = client.get(quake.disaster.get_absolute_url()).content.decode()
    assert "令和9年能登地震 対策本部" in page and "支援を要請する" not in page
    # 白糠町 is not affected: its request is refused.
    url = reverse("disaster:request-create", args=[quake.disaster.slug])
    assert client.post(url, NURSES).status_code == 403
    assert not SupportRequest.objects.exists()


def test_the_top_page_and_the_board_show_the_banner_while_open(quake, client):
    client.force_login(quake.edogawa_member)
    for url in ["/", reverse("bulletin:proposal-list")]:
        page = client.get(url).content.decode()
        assert "【災害対応中】" in page and quake.disaster.get_absolute_url() in page, url
    disaster_close(actor=quake.secretariat, disaster=quake.disaster)
    for url in ["/", reverse("bulletin:proposal-list")]:
        assert "【災害対応中】" not in client.get(url).content.decode(), url


def test_commitments_add_up_to_fulfilled_and_never_past_the_number(quake):
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    assert request.state == RequestState.REQUESTED
    # Every ward member is alerted of the request at once.
    assert Notification.objects.filter(
        recipient=quake.shinagawa_member, link=request.get_absolute_url()
    ).exists()
    commit(quake, quake.shinagawa_member, 3)(request)
    request.refresh_from_db()
    assert progress_text(request) == "保健師 5名のうち 3名 確保、残り 2名"
    assert request.state == RequestState.COORDINATING
    with pytest.raises(ValidationError) as refused:
        commit(quake, quake.edogawa_member, 3)(request)
    assert refused.value.error_dict["quantity"][0].code == "over_commit"
    commit(quake, quake.edogawa_member, 2)(request)
    request.refresh_from_db()
    assert request.state == RequestState.FULFILLED
    assert progress_text(request) == "保健師 5名のうち 5名 確保、残り 0名"


def test_only_wards_commit_and_only_the_requester_decides(quake):
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    for outsider in [quake.wajima_member, quake.shiranuka_member]:
        with pytest.raises(PermissionDenied):
            commit(quake, outsider, 1)(request)
    offer = commit(quake, quake.shinagawa_member, 2)(request)
    with pytest.raises(PermissionDenied):
        commitment_decide(user=quake.edogawa_member, commitment=offer, confirm=True)
    commitment_decide(user=quake.wajima_member, commitment=offer, confirm=True)
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.status == CommitmentStatus.CONFIRMED
    assert request.state == RequestState.IN_PROGRESS  # confirmed, 3 still needed


def test_a_declined_offer_frees_its_number_and_both_sides_are_told(quake):
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    offer = commit(quake, quake.shinagawa_member, 5)(request)
    assert Notification.objects.filter(
        recipient=quake.wajima_member, message__contains="品川区が「保健師 5名」に5名の応援"
    ).exists()
    commitment_decide(user=quake.wajima_member, commitment=offer, confirm=False)
    request.refresh_from_db()
    assert request.state == RequestState.REQUESTED
    assert Notification.objects.filter(
        recipient=quake.shinagawa_member, message__contains="辞退しました"
    ).exists()
    commit(quake, quake.edogawa_member, 5)(request)  # the number is free again


def test_withdrawing_tells_the_committed_wards(quake):
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    commit(quake, quake.edogawa_member, 1)(request)
    request_withdraw(user=quake.wajima_member, request=request)
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    assert Notification.objects.filter(
        recipient=quake.edogawa_member, message__contains="取り下げました"
    ).exists()
    with pytest.raises(PermissionDenied):
        commit(quake, quake.shinagawa_member, 1)(request)


def test_closing_archives_requests_and_keeps_the_page(quake, client):
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    disaster_close(actor=quake.secretariat, disaster=quake.disaster)
    request.refresh_from_db()
    assert request.archived_at is not None and not request.is_open
    with pytest.raises(PermissionDenied):
        commit(quake, quake.shinagawa_member, 1)(request)
    with pytest.raises(PermissionDenied):
        request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    client.force_login(quake.shinagawa_member)
    page = client.get(quake.disaster.get_absolute_url()).content.decode()
    assert "この対策本部は終了しました" in page and "保健師 5名" in page


def test_the_secretariat_declares_in_a_form_and_the_page_opens(db, quake, client):
    pass_second_factor(client, quake.secretariat)
    response = client.post(
        reverse("disaster:disaster-declare"),
        {
            "name": "令和9年能登豪雨",
            "kind": "heavy_rain",
            "occurred_on": "令和9年9月21日",
            "municipalities": "石川県輪島市\n",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "令和9年能登豪雨 対策本部" in page and "石川県輪島市" in page


def test_a_declaration_without_any_area_is_refused(quake):
    with pytest.raises(KeyError):
        disaster_declare(actor=quake.secretariat, data={}, prefectures=[], municipalities=[])


def test_a_member_of_a_prefecture_declared_whole_may_request(quake):
    from tests.factories import make_municipality

    suzu = make_municipality("珠洲市", prefecture=quake.wajima.prefecture)
    member = make_member(suzu)
    quake.disaster.prefectures.add(quake.wajima.prefecture)
    request = request_post(author=member, disaster=quake.disaster, data=NURSES)
    assert request.municipality == suzu


def test_the_kind_radios_offer_only_real_choices(quake, client):
    client.force_login(quake.wajima_member)
    html = client.get(reverse("disaster:request-create", args=[quake.disaster.slug])).content
    assert b"---------" not in html and "職員派遣".encode() in html
    client.force_login(quake.shinagawa_member)
    html = client.get(reverse("disaster:report-create", args=[quake.disaster.slug])).content
    assert b"---------" not in html and "職員派遣".encode() in html
