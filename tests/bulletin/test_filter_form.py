"""The board's filter form is kept per stamp (core/filter_forms.py) and never shows another
query's choices, an old place name or lose an error."""

from django.urls import reverse

from core.filter_forms import TEMPLATE
from tests.factories import make_prefecture

LIST_URL = reverse("bulletin:proposal-list")


def forms_rendered(response) -> int:
    return sum(1 for template in response.templates if template.name == TEMPLATE)


def the_form(response) -> str:
    page = response.content.decode()
    start = page.index('<form method="get" class="filters"')
    return page[start : page.index("</form>", start)]


def test_the_same_query_is_rendered_once_and_each_query_keeps_its_choices(client, board):
    make_prefecture("01", "北海道")
    client.force_login(board.ward)
    first = client.get(LIST_URL, {"prefecture": "01"})
    again = client.get(LIST_URL, {"prefecture": "01"})
    other = client.get(LIST_URL, {"prefecture": "18", "field": "tourism"})
    assert first.status_code == again.status_code == other.status_code == 200
    assert (forms_rendered(first), forms_rendered(again), forms_rendered(other)) == (1, 0, 1)
    assert the_form(first) == the_form(again)
    assert '<option value="01" selected>北海道</option>' in the_form(again)
    assert '<option value="01">北海道</option>' in the_form(other)
    assert '<option value="tourism" selected>' in the_form(other)
    # Another member asking the same gets the kept form.
    client.force_login(board.other)
    assert forms_rendered(client.get(LIST_URL, {"prefecture": "01"})) == 0


def test_a_renamed_prefecture_shows_on_the_next_view(client, board):
    hokkaido = make_prefecture("01", "北海道")
    client.force_login(board.ward)
    assert "北海道" in the_form(client.get(LIST_URL, {"field": "tourism"}))
    hokkaido.name = "北海道（改）"
    hokkaido.save()
    assert "北海道（改）" in the_form(client.get(LIST_URL, {"field": "tourism"}))


def test_a_value_not_among_the_choices_keeps_its_error_on_every_view(client, board):
    client.force_login(board.ward)
    for _ in range(2):
        response = client.get(LIST_URL, {"field": "no-such-field"})
        assert response.status_code == 200
        assert "form-field--error" in the_form(response)


def test_a_long_keyword_is_rendered_not_kept(client, board):
    client.force_login(board.ward)
    words = "観光" * 150
    for _ in range(2):
        response = client.get(LIST_URL, {"q": words})
        assert response.status_code == 200 and forms_rendered(response) == 1
        assert words in the_form(response)
