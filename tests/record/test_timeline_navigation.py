import datetime

from django.urls import reverse

from tests.factories import make_timeline_entry


def _titles(response):
    assert response.status_code == 200
    return [entry.title for entry in response.context["object_list"]]


def test_the_timeline_opens_on_the_whole_history_with_jumps_to_every_year(client, db):
    make_timeline_entry("プロジェクト開始", date=datetime.date(2014, 9, 10))
    make_timeline_entry("協定締結", date=datetime.date(2019, 5, 1))
    make_timeline_entry("区長会総会", date=datetime.date(2024, 3, 8))
    url = reverse("record:timeline")

    opening = client.get(url)
    assert _titles(opening) == ["区長会総会", "協定締結", "プロジェクト開始"]
    body = opening.content.decode()
    for year in ["2014", "2019", "2024"]:
        assert f'href="?year={year}"' in body

    assert _titles(client.get(url, {"year": "2014"})) == ["プロジェクト開始"]
    assert _titles(client.get(url, {"year": ""})) == ["区長会総会", "協定締結", "プロジェクト開始"]


def test_an_empty_timeline_opens_without_error(client, db):
    response = client.get(reverse("record:timeline"))
    assert response.status_code == 200
    assert "条件に合う記録はありません。" in response.content.decode()
