"""Suggestions on the board home, each with its reasons (a tie, the field, the region, a body)."""

from django.urls import reverse

from bulletin import matching
from bulletin.models import ProposalField
from bulletin.services.interests import interest_profile_set
from bulletin.services.proposals import call_submit
from members.models import Region
from network.models import Tie, TieKind
from tests.factories import make_body, make_municipality

from .conftest import post_proposal
from .test_matching import call_data


class TestSuggestions:
    def test_each_reason(self, board):
        fukui = board.sakai.prefecture
        fukui.region = Region.CHUBU
        fukui.save()
        body = make_body(board.shiranuka.prefecture, "towns")
        assert body  # 白糠町 is a member of the 北海道 町村会
        interest_profile_set(
            user=board.ward, fields=[ProposalField.DISASTER], regions=[Region.CHUBU]
        )
        tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.sakai])
        from_sakai = post_proposal(board.proposer, field=ProposalField.DISASTER)
        from_shiranuka = post_proposal(board.other, field=ProposalField.DISASTER)
        viewer = matching.viewer_for(board.ward)
        assert matching.reasons_for(from_sakai, viewer) == [
            matching.REASON_TIE,
            matching.REASON_FIELD,
            matching.REASON_REGION,
        ]
        assert matching.reasons_for(from_shiranuka, viewer) == [
            matching.REASON_BODY,
            matching.REASON_FIELD,
        ]
        ranked = matching.suggestions_for(board.ward)
        # 白糠町 (北海道) is outside the profile's region: not suggested; 坂井市's has its reasons.
        assert [(s.post, s.reasons) for s in ranked] == [
            (from_sakai, [matching.REASON_TIE, matching.REASON_FIELD, matching.REASON_REGION])
        ]

    def test_the_board_home_shows_suggestions_with_their_reason(self, client, board):
        tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.sakai])
        proposal = post_proposal(board.proposer)
        client.force_login(board.ward)
        page = client.get(reverse("bulletin:proposal-list")).content.decode()
        section = page.split('id="suggestions-heading"')[1].split("</section>")[0]
        assert proposal.title in section and "既存の交流あり" in section

    def test_a_ward_sees_ties_with_no_current_project(self, board):
        quiet = make_municipality("鶴岡市", prefecture=board.sakai.prefecture, kind="city")
        tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
        tie.municipalities.set([board.sakai, quiet])
        post_proposal(board.proposer)  # 坂井市 has a current project
        assert matching.dormant_ties(board.shinagawa) == [quiet]

    def test_calls_are_suggested_to_the_municipalities_they_target(self, board):
        body = make_body(board.shiranuka.prefecture, "towns")
        call = call_submit(author=board.ward, data=call_data(target_body=body))
        [suggestion] = matching.suggestions_for(board.other)
        assert suggestion.post == call and matching.REASON_BODY in suggestion.reasons
        assert matching.suggestions_for(board.proposer) == []  # 坂井市 is not targeted
