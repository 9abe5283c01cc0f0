"""施設・人材: wards list what they lend with a calendar; members filter and request; the request
opens a private 調整ルーム with the ward and can end in a recorded collaboration."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Collaboration
from directory import services
from directory.models import Offer, OfferKind, OfferRequest, RequestStatus
from members.models import MunicipalityKind
from tests.factories import (
    make_member,
    make_municipality,
    make_partner,
    make_prefecture,
    make_secretariat,
    make_ward,
    pass_second_factor,
)

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
LOGIN, MFA = "login", "mfa"


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


class World:
    def __init__(self):
        hokkaido = make_prefecture("01", "北海道")
        self.shiranuka = make_municipality("白糠町", prefecture=hokkaido, code="016683")
        self.sakai = make_municipality(
            "坂井市",
            prefecture=make_prefecture("18", "福井県"),
            kind=MunicipalityKind.CITY,
            code="182109",
        )
        self.shinagawa = make_ward()
        self.chiyoda = make_ward("千代田区", "131016", "チヨダク")
        self.member = make_member(self.shiranuka, email="shiranuka@example.jp")
        self.other = make_member(self.sakai, email="sakai@example.jp")
        self.ward = make_member(self.shinagawa, email="shinagawa@example.jp")
        self.pending = make_member(self.sakai, status="pending", email="pending@example.jp")
        self.partner = make_partner(email="npo@example.jp")
        self.secretariat = make_secretariat()

    def users(self):
        return {
            "pending": self.pending,
            "member": self.member,
            "other": self.other,
            "ward": self.ward,
            "partner": self.partner,
        }

    def offer(self, **fields) -> Offer:
        data = {
            "kind": OfferKind.RESORT,
            "title": "品川区民保養所 光風荘",
            "description": "箱根の保養所です。",
            "conditions": "1室4名まで",
            "cost": "1泊 5,000円",
            "contact_department": "地域活動課",
            "is_active": True,
            **fields,
        }
        offer = services.offer_create(user=self.ward, data=data)
        services.availability_add(offer=offer, user=self.ward, start_date=day(10), end_date=day(60))
        return offer


@pytest.fixture
def world(db):
    return World()


def login(client, world, role):
    if role == "secretariat":
        pass_second_factor(client, world.secretariat)
    elif role == "password_only":
        client.force_login(world.secretariat)
    elif role != "anonymous":
        client.force_login(world.users()[role])


def outcome(response):
    if response.status_code == 302 and reverse("account_login") in response["Location"]:
        return LOGIN
    if response.status_code == 302 and reverse("mfa_reauthenticate") in response["Location"]:
        return MFA
    return response.status_code


# member = 白糠町 (the requester), other = 坂井市, ward = 品川区 (the offer's ward), partner = an
# NPO's approved member: the directory is lent between municipalities, never to partners.
MATRIX = {
    #                  anonymous pending member other ward secretariat password_only partner
    "list":            (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "detail":          (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    "new":             (LOGIN, 403, 403, 403, 200, 403, MFA, 403),
    "new_post":        (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "edit":            (LOGIN, 403, 403, 403, 200, 403, MFA, 403),
    "edit_post":       (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "availability":    (LOGIN, 403, 403, 403, 302, 403, MFA, 403),
    "availability_rm": (LOGIN, 403, 404, 404, 302, 404, MFA, 403),
    "request_post":    (LOGIN, 403, 302, 302, 403, 403, MFA, 403),
    "requests":        (LOGIN, 403, 200, 200, 200, 200, MFA, 403),
    # The request and its room are the two sides' only (the secretariat is no side of them and
    # sees the room only once a side asks it in).
    "thread":          (LOGIN, 403, 200, 404, 200, 404, MFA, 403),
    "thread_post":     (LOGIN, 403, 405, 405, 405, 405, MFA, 403),  # the messages are in the room
    "room":            (LOGIN, 403, 200, 404, 200, 404, MFA, 404),
    "room_post":       (LOGIN, 403, 302, 404, 302, 404, MFA, 404),
    "decide":          (LOGIN, 403, 403, 404, 302, 404, MFA, 403),
    "collaboration":   (LOGIN, 403, 302, 404, 302, 404, MFA, 403),
}  # fmt: skip


OFFER_FORM = {
    "kind": "hall",
    "title": "区民会館 大ホール",
    "description": "500席のホール",
    "conditions": "",
    "cost": "無料",
    "contact_department": "文化観光課",
    "is_active": "on",
}


def act(action, client, world, offer, request):
    if action == "list":
        return client.get(reverse("directory:offer-list"))
    if action == "detail":
        return client.get(offer.get_absolute_url())
    if action == "new":
        return client.get(reverse("directory:offer-create"))
    if action == "new_post":
        return client.post(reverse("directory:offer-create"), OFFER_FORM)
    if action == "edit":
        return client.get(reverse("directory:offer-edit", args=[offer.pk]))
    if action == "edit_post":
        return client.post(reverse("directory:offer-edit", args=[offer.pk]), OFFER_FORM)
    if action == "availability":
        return client.post(
            reverse("directory:availability-add", args=[offer.pk]),
            {"start_date": day(70).isoformat(), "end_date": day(80).isoformat()},
        )
    if action == "availability_rm":
        availability = offer.availabilities.first()
        return client.post(reverse("directory:availability-remove", args=[availability.pk]))
    if action == "request_post":
        return client.post(
            offer.get_absolute_url(),
            {"start_date": day(20).isoformat(), "end_date": day(23).isoformat(), "body": "研修"},
        )
    if action == "requests":
        return client.get(reverse("directory:request-list"))
    if action == "thread":
        return client.get(request.get_absolute_url())
    if action == "thread_post":
        return client.post(request.get_absolute_url(), {"body": "よろしくお願いします"})
    if action == "room":
        return client.get(request.room.get_absolute_url())
    if action == "room_post":
        return client.post(request.room.get_absolute_url(), {"body": "よろしくお願いします"})
    if action == "decide":
        return client.post(
            reverse("directory:request-decide", args=[request.pk]), {"decision": "accept"}
        )
    if action == "collaboration":
        OfferRequest.objects.filter(pk=request.pk).update(status=RequestStatus.ACCEPTED)
        return client.post(
            reverse("directory:request-collaboration", args=[request.pk]),
            {
                "summary": "職員研修の受入",
                "field": "education",
                "fiscal_year": str(timezone.localdate().year - (timezone.localdate().month < 4)),
            },
        )
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(action, client, world):
    offer = world.offer()
    request = services.request_create(
        offer=offer, user=world.member, start_date=day(20), end_date=day(23), body="3泊希望"
    )
    got = []
    for role in ROLES:
        client.logout()
        login(client, world, role)
        with_transaction_rolled_back = act(action, client, world, offer, request)
        got.append(outcome(with_transaction_rolled_back))
        # Each role acts on the same rows: undo what a success changed.
        Offer.objects.filter(pk=offer.pk).update(**{"title": offer.title, "kind": offer.kind})
        if not offer.availabilities.exists():
            services.availability_add(
                offer=offer, user=world.ward, start_date=day(10), end_date=day(60)
            )
        Collaboration.objects.all().delete()
        OfferRequest.objects.filter(pk=request.pk).update(
            status=RequestStatus.OPEN, collaboration=None
        )
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, MATRIX[action], strict=True))


def test_members_filter_by_kind_ward_and_dates(client, world):
    resort = world.offer()
    chiyoda_member = make_member(world.chiyoda, email="chiyoda@example.jp")
    lecturer = services.offer_create(
        user=chiyoda_member,
        data={
            "kind": OfferKind.LECTURER,
            "title": "防災講師の派遣",
            "description": "区の防災担当が講演します",
            "contact_department": "防災課",
        },
    )
    services.availability_add(
        offer=lecturer, user=chiyoda_member, start_date=day(100), end_date=day(120)
    )
    client.force_login(world.member)
    url = reverse("directory:offer-list")

    def titles(**params):
        return [offer.title for offer in client.get(url, params).context["object_list"]]

    assert sorted(titles()) == sorted([resort.title, lecturer.title])
    assert titles(kind="lecturer") == [lecturer.title]
    assert titles(ward="131091") == [resort.title]
    assert titles(start=day(20).isoformat(), end=day(23).isoformat()) == [resort.title]
    assert titles(start=day(55).isoformat(), end=day(65).isoformat()) == []  # past its end
    assert titles(start=day(110).isoformat()) == [lecturer.title]
    assert "人材" in client.get(url, {"kind": "lecturer"}).content.decode()
    # A value the form refuses is an empty list with the form's error, never a 500.
    assert client.get(url, {"start": "0000-00-00"}).status_code == 200
    # An offer the ward takes off the list is gone from it, and cannot be requested.
    services.offer_update(offer=resort, user=world.ward, data={"is_active": False})
    assert titles() == [lecturer.title]
    assert client.get(resort.get_absolute_url()).status_code == 404


def test_the_list_query_count_does_not_grow_with_the_offers(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.member)
    url = reverse("directory:offer-list")
    world.offer()
    client.get(url)  # warm the memoized choices
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for number in range(15):
        offer = world.offer(title=f"保養所 {number}")
        services.availability_add(
            offer=offer, user=world.ward, start_date=day(100), end_date=day(110)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 16


def test_a_request_opens_a_private_room_and_can_end_in_a_collaboration(client, world, send_outbox):
    offer = world.offer()
    client.force_login(world.member)
    response = client.post(
        offer.get_absolute_url(),
        {
            "start_date": day(20).isoformat(),
            "end_date": day(23).isoformat(),
            "body": "職員3名で3泊利用したいです。",
        },
    )
    request = OfferRequest.objects.get()
    assert response["Location"] == request.get_absolute_url()
    assert request.municipality == world.shiranuka and request.nights == 3
    (mail,) = send_outbox()
    assert mail.to == [world.ward.email] and "白糠町" in mail.subject
    assert request.get_absolute_url() in mail.body
    # The request opened the board's 調整ルーム of the two sides, its first message the request.
    room = request.room
    assert room.sides() == (world.shinagawa, world.shiranuka) and room.proposal is None
    (first,) = room.messages.all()
    assert "職員3名で3泊利用したいです。" in first.body and first.municipality == world.shiranuka
    assert room.get_absolute_url() in client.get(request.get_absolute_url()).content.decode()

    client.force_login(world.ward)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "品川区民保養所 光風荘（白糠町）" in page and request.get_absolute_url() in page
    assert "職員3名で3泊利用したいです。" in page
    # 品川区 answers in the room; 白糠町's member is told (by the board's notifications).
    client.post(room.get_absolute_url(), {"body": "空いています。ご利用ください。"})
    assert send_outbox()[-1].to == [world.member.email]
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    client.post(reverse("directory:request-decide", args=[request.pk]), {"decision": "accept"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert "受け入れ決定" in send_outbox()[-1].subject

    client.force_login(world.member)
    assert "3泊" in client.get(request.get_absolute_url()).content.decode()
    page = client.get(room.get_absolute_url()).content.decode()
    assert "空いています。ご利用ください。" in page
    # The room is on 白糠町's list of rooms and on マイページ while unread.
    assert room.get_absolute_url() in client.get(reverse("bulletin:room-list")).content.decode()
    fiscal_year = day(0).year - (day(0).month < 4)
    response = client.post(
        reverse("directory:request-collaboration", args=[request.pk]),
        {"summary": "白糠町職員の保養所利用", "field": "welfare", "fiscal_year": str(fiscal_year)},
    )
    collaboration = Collaboration.objects.get()
    assert response["Location"] == collaboration.get_absolute_url()
    assert list(collaboration.wards.all()) == [world.shinagawa]
    assert list(collaboration.municipalities.all()) == [world.shiranuka]
    # Recorded once.
    again = client.post(
        reverse("directory:request-collaboration", args=[request.pk]),
        {"summary": "二重", "field": "welfare", "fiscal_year": str(fiscal_year)},
    )
    assert again.status_code == 403 and Collaboration.objects.count() == 1


def test_bad_requests_are_form_errors_and_save_nothing(client, world):
    offer = world.offer()
    client.force_login(world.member)
    for data in [
        {"start_date": day(23).isoformat(), "end_date": day(20).isoformat(), "body": "x"},
        {"start_date": "9999-12-31", "end_date": "9999-12-31", "body": "x"},
        {"start_date": day(-5).isoformat(), "end_date": day(2).isoformat(), "body": "x"},
        {"start_date": day(20).isoformat(), "end_date": day(23).isoformat(), "body": " "},
    ]:
        response = client.post(offer.get_absolute_url(), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not OfferRequest.objects.exists()


def test_the_ward_sees_its_requests_on_mypage(client, world):
    offer = world.offer()
    services.request_create(
        offer=offer, user=world.member, start_date=day(20), end_date=day(23), body="希望"
    )
    client.force_login(world.ward)
    page = client.get(reverse("members:mypage")).content.decode()
    assert "施設・人材の申込" in page and "品川区民保養所 光風荘（白糠町）" in page
