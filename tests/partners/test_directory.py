"""The public directory of partner organisations: listed once approved, what they offer, the
events and collaborations they took part in; paginated; its queries do not grow with the rows."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import CorporateAgreement
from bulletin.models import Collaboration
from events.registrations import Registration
from partners.models import PartnerOrganisation
from tests.factories import make_event, make_partner, make_prefecture, make_ward

URL = reverse("partners:organisation-list")


def fill(count: int, start: int = 0) -> None:
    """`count` organisations, each with an agreement's event, a member's registration and a
    collaboration that names it."""
    tokyo = make_prefecture("13", "東京都")
    ward = make_ward()
    for n in range(start, start + count):
        agreement = CorporateAgreement.objects.create(
            company=f"株式会社{n}", signed_on=datetime.date(2019, 1, 1), initiatives="防災\n健康"
        )
        user = make_partner(
            f"株式会社{n}", kind="company", email=f"p{n}@example.jp", corporate_agreement=agreement
        )
        organisation = PartnerOrganisation.objects.get(name=f"株式会社{n}")
        make_event(f"協定イベント{n}", corporate_agreement=agreement)
        event = make_event(f"交流会{n}")
        Registration.objects.create(
            event=event, name="協働 花子", email=user.email, user=user, status="confirmed"
        )
        collaboration = Collaboration.objects.create(
            slug=f"c-{n}", title=f"連携事業{n}", summary="概要", field="tourism",
            prefecture=tokyo, fiscal_year=2024,
        )  # fmt: skip
        collaboration.wards.set([ward])
        collaboration.partners.set([organisation])


def test_the_directory_lists_approved_organisations_with_what_they_did(client, db):
    fill(1)
    make_partner("一般社団法人 申請中", kind="association", status="pending", email="x@x.jp")
    page = client.get(URL).content.decode()
    assert "株式会社0" in page and "申請中" not in page
    assert "地域の子育て支援" in page  # what it offers
    assert "協定イベント0" in page and "交流会0" in page and "連携事業0" in page


def test_the_directory_says_so_when_it_is_empty(client, db):
    assert "掲載している連携団体はまだありません。" in client.get(URL).content.decode()


def test_the_directory_is_paginated(client, db):
    fill(21)
    assert client.get(URL).context["paginator"].num_pages == 2
    assert client.get(URL, {"page": "2"}).status_code == 200
    assert client.get(URL, {"page": "99"}).status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_the_directory_reads_a_fixed_number_of_queries(
    client, db, rows, django_assert_max_num_queries
):
    fill(rows)
    client.get(URL)  # sessions, the cache stamp
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == rows


def test_the_partner_counts_page_links_the_directory(client, db):
    assert URL in client.get(reverse("record:partner-counts")).content.decode()


def test_the_shipped_fixture_makes_the_four_corporate_agreements_partners(client, load_shipped):
    load_shipped("partners")
    organisations = PartnerOrganisation.objects.listed().order_by("approved_on")
    assert [o.name for o in organisations] == [
        a.company for a in CorporateAgreement.objects.order_by("signed_on")
    ]
    assert len(organisations) == 4
    assert all(o.corporate_agreement.company == o.name for o in organisations)
    assert all(o.approved_on == o.corporate_agreement.signed_on for o in organisations)
    # No offer of their own: the directory shows each agreement's initiatives.
    page = client.get(URL).content.decode()
    assert all(o.corporate_agreement.initiative_list[0] in page for o in organisations)
