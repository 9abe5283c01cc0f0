"""The yearly confirmation (年度確認): the secretariat opens a round as of 1 August, the wards
confirm, the desk reminds the others through the outbox (once per seven days per ward), and the
closed round's figures are computed from the register beside the published ones."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import OutgoingEmail
from network import rounds
from network.models import ConfirmationRound, Tie, TieKind, WardConfirmation
from record.models import PartnerCountSnapshot
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_ward,
    pass_second_factor,
)

FY = 2026


def deadline():
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def wards(places):
    """品川区 (from places) and 目黒区, each with an approved member."""
    meguro = make_ward("目黒区", code="131105", kana="メグロク")
    return {
        "shinagawa": places.shinagawa,
        "meguro": meguro,
        "shinagawa_member": make_member(places.shinagawa, email="shinagawa@example.jp"),
        "meguro_member": make_member(meguro, email="meguro@example.jp"),
    }


def tie(ward, *partners, slug, since=None, kind=TieKind.FRIENDSHIP):
    made = Tie.objects.create(slug=slug, ward=ward, kind=kind, since=since)
    made.municipalities.set(partners)
    return made


def open_round(places):
    return rounds.round_open(actor=places.secretariat, fiscal_year=FY, deadline=deadline())


class TestServices:
    def test_a_round_is_as_of_1_august_of_its_fiscal_year_with_one_row_per_ward(
        self, places, wards
    ):
        confirmation_round = open_round(places)
        assert confirmation_round.as_of == datetime.date(FY, 8, 1)
        assert confirmation_round.fiscal_year_label == "令和8年度"
        assert set(confirmation_round.wards.values_list("ward__name", flat=True)) == {
            "品川区",
            "目黒区",
        }
        assert confirmation_round.wards.confirmed().count() == 0

    def test_a_second_round_waits_for_the_first_to_close(self, places, wards):
        open_round(places)
        with pytest.raises(ValidationError):
            rounds.round_open(actor=places.secretariat, fiscal_year=FY + 1, deadline=deadline())

    def test_a_past_deadline_is_refused(self, places, wards):
        with pytest.raises(ValidationError):
            rounds.round_open(
                actor=places.secretariat,
                fiscal_year=FY,
                deadline=timezone.localdate() - datetime.timedelta(days=1),
            )
        assert not ConfirmationRound.objects.exists()

    def test_only_the_secretariat_opens_reminds_and_closes(self, places, wards):
        with pytest.raises(PermissionDenied):
            rounds.round_open(actor=wards["shinagawa_member"], fiscal_year=FY, deadline=deadline())
        confirmation_round = open_round(places)
        with pytest.raises(PermissionDenied):
            rounds.round_close(
                actor=wards["shinagawa_member"], confirmation_round=confirmation_round
            )
        with pytest.raises(PermissionDenied):
            rounds.round_remind(
                actor=wards["shinagawa_member"],
                confirmation_round=confirmation_round,
                ward_url=lambda ward: "",
            )

    def test_a_ward_confirms_only_its_own_list(self, places, wards):
        confirmation_round = open_round(places)
        with pytest.raises(PermissionDenied):
            rounds.ward_confirm(
                actor=wards["meguro_member"],
                confirmation_round=confirmation_round,
                ward=wards["shinagawa"],
            )
        confirmation = rounds.ward_confirm(
            actor=wards["shinagawa_member"],
            confirmation_round=confirmation_round,
            ward=wards["shinagawa"],
            note="坂井市との協定を追加しました",
        )
        assert confirmation.is_confirmed and confirmation.confirmed_by == wards["shinagawa_member"]
        assert list(confirmation_round.wards.confirmed().values_list("ward__name", flat=True)) == [
            "品川区"
        ]

    def test_reminders_mail_the_unconfirmed_wards_once_per_seven_days(self, places, wards):
        confirmation_round = open_round(places)
        rounds.ward_confirm(
            actor=wards["shinagawa_member"],
            confirmation_round=confirmation_round,
            ward=wards["shinagawa"],
        )
        count = rounds.round_remind(
            actor=places.secretariat,
            confirmation_round=confirmation_round,
            ward_url=lambda ward: f"https://portal.example/board/confirmation/{ward.code}/",
        )
        assert count == 1
        mail = OutgoingEmail.objects.get()
        assert mail.to == "meguro@example.jp"
        assert "年度確認" in mail.subject and "/board/confirmation/131105/" in mail.body
        # A second click within seven days tells nobody twice.
        with pytest.raises(ValidationError):
            rounds.round_remind(
                actor=places.secretariat,
                confirmation_round=confirmation_round,
                ward_url=lambda ward: "",
            )
        assert OutgoingEmail.objects.count() == 1
        # Eight days later 目黒区 is reminded again.
        WardConfirmation.objects.filter(ward=wards["meguro"]).update(
            last_reminded_at=timezone.now() - datetime.timedelta(days=8)
        )
        rounds.round_remind(
            actor=places.secretariat, confirmation_round=confirmation_round, ward_url=lambda w: ""
        )
        assert OutgoingEmail.objects.filter(to="meguro@example.jp").count() == 2

    def test_a_ward_without_members_is_not_counted_as_reminded(self, places, wards):
        make_ward("港区", code="131032", kana="ミナトク")  # no approved member
        confirmation_round = open_round(places)
        count = rounds.round_remind(
            actor=places.secretariat, confirmation_round=confirmation_round, ward_url=lambda w: ""
        )
        assert count == 2
        assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
            "meguro@example.jp",
            "shinagawa@example.jp",
        ]
        minato = confirmation_round.wards.get(ward__name="港区")
        assert minato.last_reminded_at is None

    def test_closing_computes_the_figures_from_the_register_as_of_1_august(self, places, wards):
        tie(wards["shinagawa"], places.sakai, places.shiranuka, slug="a")
        tie(wards["shinagawa"], places.sakai, slug="b", kind=TieKind.DISASTER)
        tie(wards["meguro"], places.sakai, slug="c", since=datetime.date(FY, 7, 31))
        # Begun after 1 August: not in that year's figures.
        tie(wards["meguro"], places.shiranuka, slug="late", since=datetime.date(FY, 8, 2))
        confirmation_round = rounds.round_close(
            actor=places.secretariat, confirmation_round=open_round(places)
        )
        assert (confirmation_round.tie_count, confirmation_round.connected_municipalities) == (3, 2)
        per_ward = {
            c.ward.name: (c.tie_count, c.partner_count)
            for c in confirmation_round.wards.select_related("ward")
        }
        assert per_ward == {"品川区": (2, 2), "目黒区": (1, 1)}

    def test_a_tie_ended_before_1_august_leaves_that_years_figures(self, places, wards):
        ended_before = tie(wards["shinagawa"], places.sakai, slug="before")
        ended_after = tie(wards["meguro"], places.shiranuka, slug="after")
        Tie.objects.filter(pk=ended_before.pk).update(retired_on=datetime.date(FY, 7, 31))
        Tie.objects.filter(pk=ended_after.pk).update(retired_on=datetime.date(FY, 9, 1))
        figures = rounds.register_figures(datetime.date(FY, 8, 1))
        # 目黒区's tie was in force on 1 August though it has ended since.
        assert figures.per_ward == {wards["meguro"].pk: (1, 1)}
        assert (figures.tie_count, figures.connected_municipalities) == (1, 1)

    def test_the_figures_follow_the_register(self, places, wards):
        first = rounds.register_figures(datetime.date(FY, 8, 1))
        tie(wards["meguro"], places.shiranuka, slug="new")
        second = rounds.register_figures(datetime.date(FY, 8, 1))
        assert (first.tie_count, first.connected_municipalities) == (0, 0)
        assert (second.tie_count, second.connected_municipalities) == (1, 1)
        assert second.per_ward == {wards["meguro"].pk: (1, 1)}

    def test_a_closed_round_takes_no_confirmation(self, places, wards):
        confirmation_round = open_round(places)
        rounds.round_close(actor=places.secretariat, confirmation_round=confirmation_round)
        with pytest.raises(ValidationError):
            rounds.ward_confirm(
                actor=wards["shinagawa_member"],
                confirmation_round=confirmation_round,
                ward=wards["shinagawa"],
            )


class TestDeskAndBoard:
    def test_the_desk_shows_who_confirmed_and_the_figures_beside_the_published_ones(
        self, client, places, wards
    ):
        pass_second_factor(client, places.secretariat)
        response = client.post(
            reverse("bulletin:round-open"),
            {"fiscal_year": FY, "deadline": deadline().isoformat()},
        )
        assert response.status_code == 302
        confirmation_round = ConfirmationRound.objects.get()
        rounds.ward_confirm(
            actor=wards["shinagawa_member"],
            confirmation_round=confirmation_round,
            ward=wards["shinagawa"],
        )
        page = client.get(reverse("bulletin:desk")).content.decode()
        assert "2区のうち1区が確認済み" in page
        assert "未確認" in page

        client.post(reverse("bulletin:round-remind", args=[confirmation_round.pk]))
        assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["meguro@example.jp"]

        tie(wards["meguro"], places.sakai, slug="m")
        PartnerCountSnapshot.objects.create(
            as_of=datetime.date(FY, 8, 1), ward_partners=815, hp_members=317, total=1117
        )
        client.post(reverse("bulletin:round-close", args=[confirmation_round.pk]))
        page = client.get(reverse("bulletin:desk")).content.decode()
        assert "令和8年度の集計（ポータルの記録による）" in page
        # The year's row: ties and connected municipalities computed, the published 815 beside.
        assert "<td>1</td><td>1</td>\n      <td>815</td>" in page

    def test_the_desk_says_how_much_of_the_network_the_register_holds(self, client, places, wards):
        PartnerCountSnapshot.objects.create(
            as_of=datetime.date(2023, 8, 1), ward_partners=815, hp_members=317, total=1117
        )
        pass_second_factor(client, places.secretariat)

        def coverage():
            page = client.get(reverse("bulletin:desk")).content.decode()
            return page[
                page.index('id="desk-coverage"') : page.index(
                    "</ul>", page.index('id="desk-coverage"')
                )
            ]

        assert "記録済み 0 自治体 / 公表 815、令和5年8月1日（2023年8月1日）現在" in coverage()
        tie(wards["meguro"], places.sakai, slug="m")  # the register changes, so does the statement
        assert "記録済み 1 自治体 / 公表 815、令和5年8月1日（2023年8月1日）現在" in coverage()
        assert "ポータルに記録された連携事業" in coverage()

    def test_the_ward_confirms_from_its_page(self, client, places, wards):
        tie(wards["shinagawa"], places.sakai, slug="s")
        confirmation_round = open_round(places)
        client.force_login(wards["shinagawa_member"])
        url = reverse("bulletin:round-ward", args=[wards["shinagawa"].code])
        page = client.get(url).content.decode()
        assert "坂井市" in page and "この一覧で確認しました" in page
        response = client.post(url, {"note": "変更なし"})
        assert response.status_code == 302
        confirmation = confirmation_round.wards.get(ward=wards["shinagawa"])
        assert confirmation.is_confirmed and confirmation.note == "変更なし"
        assert "確認済みです" in client.get(url).content.decode()

    def test_the_board_home_asks_the_ward_until_it_has_confirmed(self, client, places, wards):
        client.force_login(wards["shinagawa_member"])
        assert "年度確認" not in client.get(reverse("bulletin:proposal-list")).content.decode()
        confirmation_round = open_round(places)
        page = client.get(reverse("bulletin:proposal-list")).content.decode()
        assert "品川区の交流関係の一覧を確認してください" in page
        assert reverse("bulletin:round-ward", args=[wards["shinagawa"].code]) in page
        rounds.ward_confirm(
            actor=wards["shinagawa_member"],
            confirmation_round=confirmation_round,
            ward=wards["shinagawa"],
        )
        page = client.get(reverse("bulletin:proposal-list")).content.decode()
        assert "交流関係の一覧を確認してください" not in page

    def test_another_wards_member_cannot_confirm(self, client, places, wards):
        confirmation_round = open_round(places)
        client.force_login(wards["meguro_member"])
        url = reverse("bulletin:round-ward", args=[wards["shinagawa"].code])
        assert client.post(url, {"note": ""}).status_code == 403
        assert not confirmation_round.wards.confirmed().exists()

    def test_a_municipality_is_not_a_ward_page(self, client, places, wards):
        member = make_member(places.sakai, email="sakai@example.jp")
        client.force_login(member)
        url = reverse("bulletin:round-ward", args=[places.sakai.code])
        assert client.get(url).status_code == 404

    def test_only_the_special_wards_take_part(self, places, wards):
        make_municipality("横浜市", prefecture=make_prefecture("14", "神奈川県"), kind="city")
        confirmation_round = open_round(places)
        assert confirmation_round.wards.count() == 2


def test_a_closed_rounds_figures_show_on_the_partners_page_beside_the_published(
    client, places, wards
):
    PartnerCountSnapshot.objects.create(
        as_of=datetime.date(FY, 8, 1), ward_partners=815, hp_members=317, total=1117
    )
    tie(wards["shinagawa"], places.sakai, places.shiranuka, slug="a")
    assert "年度確認による集計" not in client.get("/partners/").content.decode()
    confirmation_round = open_round(places)
    # An open round has no figures yet: the page waits for the close.
    assert "年度確認による集計" not in client.get("/partners/").content.decode()
    rounds.round_close(actor=places.secretariat, confirmation_round=confirmation_round)
    response = client.get("/partners/")
    assert response.context["rounds"] == [(confirmation_round, 815)]
    page = response.content.decode()
    assert "年度確認による集計（ポータルの記録による）" in page
    row = page.split('id="round-table"')[1].split("</tr>")[1]
    assert "令和8年度" in row and '<td class="num">2</td>' in row and ">815<" in row


def test_the_round_pages_speak_english(client, places, wards):
    tie(wards["shinagawa"], places.sakai, slug="s")
    confirmation_round = open_round(places)
    client.force_login(wards["shinagawa_member"])
    page = client.get("/en/board/confirmation/131091/", HTTP_ACCEPT_LANGUAGE="en")
    page = page.content.decode()
    assert (
        "Yearly confirmation of 品川区&#x27;s ties" in page
        or "Yearly confirmation of 品川区's ties" in page
    )
    assert "I confirm this list" in page and "この一覧で確認しました" not in page
    rounds.ward_confirm(
        actor=wards["shinagawa_member"],
        confirmation_round=confirmation_round,
        ward=wards["shinagawa"],
    )
    pass_second_factor(client, places.secretariat)
    page = client.get("/en/board/desk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 of 2 wards have confirmed" in page
    assert "Remind the wards that have not confirmed" in page and "確認済み" not in page
