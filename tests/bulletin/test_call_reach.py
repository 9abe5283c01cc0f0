"""A call's reach is visible before it is posted (the form says how its targets combine and how
many it reaches; a target that reaches nobody is refused), and a ward edits its call with the
call's own form, its target included."""

import pytest
from django.urls import reverse

from bulletin import matching
from bulletin.models import Proposal, ProposalRevision
from bulletin.services.proposals import call_submit
from bulletin.services.replies import reply_post
from members.models import Region
from tests.factories import make_body

from .test_matching import call_data

REACH = "bulletin:call-reach"


def form_data(**overrides):
    data = {
        "title": "区民まつりの物産展に出展しませんか",
        "field": "industry",
        "kind": "exhibit_slot",
        "body": "品川区民まつりの物産展の出展枠を用意します。",
        "offer": "出展枠2区画",
        "seeking": "特産品の販売",
        "fiscal_year": "2025",
    }
    data.update(overrides)
    return data


@pytest.fixture
def web(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def towns_of_hokkaido(board):
    return make_body(board.shiranuka.prefecture, "towns")  # 白糠町 is one of them


class TestReach:
    def test_counts_municipalities_and_their_approved_members(self, board, towns_of_hokkaido):
        # 坂井市 (2 approved members, 1 pending) and 白糠町 (1); 品川区 is a ward, never a target.
        assert matching.call_reach(body=None) == (2, 3)
        assert matching.call_reach(body=towns_of_hokkaido) == (1, 1)
        fukui = board.sakai.prefecture
        assert matching.call_reach(body=towns_of_hokkaido, prefecture_ids=[fukui.pk]) == (0, 0)

    def test_the_endpoint_answers_while_the_form_is_filled(self, client, board, towns_of_hokkaido):
        client.force_login(board.ward)
        everyone = client.get(reverse(REACH)).json()
        assert (everyone["municipalities"], everyone["members"]) == (2, 3)
        assert "2自治体" in everyone["text"] and "会員3人" in everyone["text"]
        nobody = client.get(
            reverse(REACH),
            {
                "target_body": towns_of_hokkaido.pk,
                "target_prefectures": [board.sakai.prefecture_id],
            },
        ).json()
        assert nobody["municipalities"] == 0 and "当てはまる自治体はありません" in nobody["text"]
        english = client.get("/en" + reverse(REACH)).json()
        assert "2 municipalities" in english["text"]

    @pytest.mark.parametrize(
        "params",
        [
            {"target_body": "99999999999999999999"},
            {"target_body": "abc"},
            {"target_prefectures": ["\x00"]},
            {"target_prefectures": ["-99999999999999999999"]},
            {"target_region": "atlantis"},
            {"target_kind": "special_ward"},
        ],
    )
    def test_hostile_targets_are_a_400(self, web, board, params):
        web.force_login(board.ward)
        response = web.get(reverse(REACH), params)
        assert response.status_code == 400  # the form's errors, or the site's guard on raw input


class TestCallForm:
    def test_says_how_targets_combine_and_offers_prefectures_by_region(self, client, board):
        client.force_login(board.ward)
        page = client.get(reverse("bulletin:call-create")).content.decode()
        assert "すべて</strong>満たす自治体に届きます" in page
        assert 'type="checkbox" name="target_prefectures"' in page
        assert "<select" not in page.split('name="target_prefectures"')[0].rsplit("<div", 1)[1]
        assert f"<legend>{Region.HOKKAIDO.label}</legend>" in page
        assert 'id="call-reach"' in page and "js/call-reach.js" in page
        assert "2自治体" in page  # the reach of no target, before anything is chosen

    def test_a_target_that_reaches_nobody_is_refused(self, client, board, towns_of_hokkaido):
        client.force_login(board.ward)
        response = client.post(
            reverse("bulletin:call-create"),
            form_data(
                target_body=towns_of_hokkaido.pk, target_prefectures=[board.sakai.prefecture_id]
            ),
        )
        assert response.status_code == 200
        assert "この対象に当てはまる自治体はありません" in response.content.decode()
        assert not Proposal.objects.filter(direction="call").exists()


class TestCallEdit:
    @pytest.fixture
    def call(self, board, towns_of_hokkaido):
        return call_submit(author=board.ward, data=call_data(target_body=towns_of_hokkaido))

    def test_the_edit_page_is_the_calls_form(self, client, board, call):
        client.force_login(board.ward)
        page = client.get(reverse("bulletin:proposal-update", args=[call.pk])).content.decode()
        assert "募集を編集する" in page and "募集の対象" in page
        assert "希望する区" not in page and 'name="any_ward"' not in page
        assert f'value="{call.target_body_id}" selected' in page

    def test_a_ward_changes_its_calls_target(self, client, board, call):
        reply_post(proposal=call, author=board.other, body="関心があります")
        client.force_login(board.ward)
        response = client.post(
            reverse("bulletin:proposal-update", args=[call.pk]),
            form_data(target_prefectures=[board.sakai.prefecture_id]),
        )
        assert response.status_code == 302
        call.refresh_from_db()
        assert call.target_body is None and not call.any_ward
        assert list(call.target_prefectures.all()) == [board.sakai.prefecture]
        [revision] = ProposalRevision.objects.filter(proposal=call)
        [change] = revision.changes
        assert change["field"] == "募集の対象" and change["after"] == "福井県"

    def test_the_edit_refuses_a_target_that_reaches_nobody(self, client, board, call):
        client.force_login(board.ward)
        response = client.post(
            reverse("bulletin:proposal-update", args=[call.pk]),
            form_data(
                target_body=call.target_body_id, target_prefectures=[board.sakai.prefecture_id]
            ),
        )
        assert response.status_code == 200
        assert "この対象に当てはまる自治体はありません" in response.content.decode()
        assert not call.target_prefectures.exists()
