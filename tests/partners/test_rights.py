"""Issue 24's rights of a partner organisation's member, point by point. Where a right is tested
elsewhere, the test is named here; what was missing is tested below.

- sees the posts and calls opened to partners, never a municipal-only post:
  tests/partners/test_board.py::test_a_partner_sees_only_the_posts_opened_to_partners,
  tests/bulletin/test_permissions.py (columns partner, partner_open), tests/partners/test_search.py;
  a hidden post, even opened to partners: below.
- raises a hand and replies there (not elsewhere): test_board.py::
  test_a_partner_replies_and_raises_a_hand_on_an_open_call; the board's matrix; on a proposal
  (not only a ward's call): below.
- joins the private room of a collaboration naming its organisation, no other room:
  test_board.py::test_the_partner_joins_the_collaborations_room, tests/bulletin/test_rooms.py.
- never the register of ties (every /board/ties/ endpoint), consultations, the desk:
  tests/bulletin/test_permission_matrix.py (partner column); all at once from the partner's
  side: below.
- never the admin: below (every changelist and add form).
"""

import pytest
from django.urls import reverse

from bulletin.models import HandRaise, Reply
from bulletin.services.consultations import consultation_open
from bulletin.services.moderation import post_moderate
from bulletin.services.proposals import call_submit
from tests.bulletin.conftest import post_proposal
from tests.bulletin.test_matching import call_data
from tests.factories import make_partner
from tests.portal.test_admin import registered_models

HIDDEN = "子ども食堂の協力団体を募集"


@pytest.fixture
def npo(board):
    return make_partner(email="hanako@npo.example.jp")


def test_a_hidden_post_is_out_of_a_partners_reach_even_when_opened_to_partners(client, board, npo):
    call = call_submit(author=board.ward, data=call_data(title=HIDDEN, welcomes_partners=True))
    post_moderate(actor=board.secretariat, proposal=call, action="hide", reason="重複投稿")
    client.force_login(npo)
    assert HIDDEN not in client.get(reverse("bulletin:proposal-list")).content.decode()
    assert client.get(call.get_absolute_url()).status_code == 404
    assert client.post(reverse("bulletin:hand-raise", args=[call.pk])).status_code == 404
    response = client.post(reverse("bulletin:reply-create", args=[call.pk]), {"body": "協力"})
    assert response.status_code == 404
    assert not HandRaise.objects.exists() and not Reply.objects.exists()
    assert HIDDEN not in client.get(reverse("search:results"), {"q": "子ども食堂"}).content.decode()


def test_a_partner_raises_a_hand_and_replies_on_a_proposal_opened_to_partners(client, board, npo):
    proposal = post_proposal(board.proposer, welcomes_partners=True)
    client.force_login(npo)
    assert client.post(reverse("bulletin:hand-raise", args=[proposal.pk])).status_code == 302
    response = client.post(
        reverse("bulletin:reply-create", args=[proposal.pk]), {"body": "会場を提供できます"}
    )
    assert response.status_code == 302
    hand, reply = HandRaise.objects.get(), Reply.objects.get()
    assert (
        hand.organisation.name == reply.organisation.name == "特定非営利活動法人 まちづくりネット"
    )
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "会場を提供できます" in page and "あなたの団体は手を挙げています。" in page


def test_a_partner_reaches_no_register_consultation_or_desk_page(client, board, npo):
    consultation = consultation_open(
        author=board.proposer, subject="協定の進め方", body="教えてください"
    )
    client.force_login(npo)
    refused = [
        reverse("bulletin:tie-list"),
        reverse("bulletin:tie-create"),
        reverse("bulletin:tie-propose"),
        reverse("bulletin:consultation-list"),
        reverse("bulletin:consultation-create"),
        consultation.get_absolute_url(),
        reverse("bulletin:desk"),
    ]
    for path in refused:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "協定の進め方" not in response.content.decode(), path
    response = client.post(consultation.get_absolute_url(), {"body": "追記"})
    assert response.status_code == 403
    assert consultation.messages.count() == 1


def test_a_partner_never_opens_the_admin(client, board, npo):
    client.force_login(npo)
    login = reverse("admin:login")
    paths = [reverse("admin:index")]
    for model in registered_models():
        opts = model._meta
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and login in response["Location"], path


def test_the_boards_menu_offers_a_partner_only_what_it_may_open(client, board, npo):
    municipal_only = [
        reverse("bulletin:interest-profile"),
        reverse("bulletin:saved-search-list"),
        reverse("bulletin:tie-list"),
        reverse("bulletin:consultation-list"),
    ]
    shared = [reverse("bulletin:notification-list"), reverse("bulletin:room-list")]
    client.force_login(npo)
    menu = client.get(reverse("bulletin:proposal-list")).content.decode()
    menu = menu[menu.index('class="board-nav"') : menu.index("</nav>", menu.index("board-nav"))]
    assert not [path for path in municipal_only if f'href="{path}"' in menu]
    assert all(f'href="{path}"' in menu for path in shared)
    for path in shared:
        assert client.get(path).status_code == 200, path
    client.force_login(board.other)
    menu = client.get(reverse("bulletin:proposal-list")).content.decode()
    assert all(f'href="{path}"' in menu for path in municipal_only + shared)
