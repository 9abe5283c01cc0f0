"""The public record writes itself: /disaster-support/ and each disaster's page add up what the
flow recorded (requests, commitments, the wards' reports, the joint 復興支援金) and what the
documents published, with no person in it."""

import datetime
import gzip

import pytest
from django.urls import reverse

from core.public_cache import bump_stamp
from disaster.services.disasters import relief_fund_record
from disaster.services.requests import commitment_make, request_post
from disaster.services.support import report_submit
from members.models import Membership
from tests.disaster.conftest import make_quake
from tests.disaster.record_factories import make_past_disaster

CONTACT = "品川区保健所 保健予防課 災害派遣係 大井一郎 03-5742-9999"
PLACE = "輪島市ふれあい健康センター（担当 能登花子 090-1111-2222）"
NOTE = "派遣職員の携帯 080-3333-4444"


def coordinated(quake):
    """輪島市 asks for 5 保健師; 品川区 commits 3 and 江戸川区 2; 品川区 reports 3 保健師 and
    supplies and its own 義援金; the secretariat records the joint 復興支援金."""
    request = request_post(
        author=quake.wajima_member,
        disaster=quake.disaster,
        data={
            "kind": "staff",
            "profession": "nurse",
            "item": "避難所の健康相談",
            "quantity": 5,
            "place": PLACE,
            "conditions": "宿泊先は各自で手配（連絡先 能登花子）",
        },
    )
    for member, quantity in [(quake.shinagawa_member, 3), (quake.edogawa_member, 2)]:
        commitment_make(
            user=member, request=request, data={"quantity": quantity, "contact": CONTACT}
        )
    start = datetime.date(2027, 1, 5)
    for data in [
        {"kind": "staff", "profession": "nurse", "people": 3, "start_on": start, "note": NOTE},
        {"kind": "staff", "profession": "clerk", "people": 1, "start_on": start},
        {"kind": "supplies", "item": "飲料水", "quantity": 200, "unit": "箱"},
        {"kind": "donation", "amount_yen": 3_000_000},
    ]:
        report_submit(user=quake.shinagawa_member, disaster=quake.disaster, data=data)
    report_submit(
        user=quake.edogawa_member,
        disaster=quake.disaster,
        data={"kind": "staff", "profession": "nurse", "people": 2, "start_on": start},
    )
    relief_fund_record(
        actor=quake.secretariat,
        disaster=quake.disaster,
        data={"amount_yen": 50_000_000, "decided_on": datetime.date(2027, 1, 20)},
        recipients=[quake.wajima],
    )
    return request


@pytest.fixture
def quake(db):
    return make_quake()


def page(client, disaster) -> str:
    response = client.get(reverse("record:disaster-record", kwargs={"slug": disaster.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_shows_what_was_asked_and_what_the_wards_gave(client, quake):
    coordinated(quake)
    html = page(client, quake.disaster)
    asked = html[html.index('id="asked"') : html.index('id="given"')]
    assert "石川県輪島市" in asked and "保健師" in asked
    assert "5名" in asked and "品川区 3名" in asked and "江戸川区 2名" in asked
    assert "0名" in asked  # nothing remains
    given = html[html.index('id="given"') :]
    assert "50,000,000円" in given  # the joint 復興支援金
    assert "6人" in given  # 3 + 1 + 2 reported
    assert "保健師" in given and "5人" in given and "事務職員" in given
    assert "飲料水" in given and "200箱" in given
    assert "3,000,000円" in given  # 品川区's own 義援金
    assert "品川区、江戸川区" in given  # the wards that reported


def test_the_list_sums_each_disaster(client, quake):
    coordinated(quake)
    make_past_disaster("平成28年熊本地震", funds_yen=55_000_000, ward_donations_yen=306_880_000)
    html = client.get(reverse("record:disaster-support")).content.decode()
    row = html[html.index("令和9年能登地震") : html.index("</tr>", html.index("令和9年能登地震"))]
    assert "50,000,000円" in row and "3,000,000円" in row and "6人（各区の報告）" in row
    assert "対応中" in row
    assert "55,000,000円" in html and "306,880,000円" in html
    assert reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug}) in html


def test_the_public_page_leaks_no_contact_or_personal_data(client, quake):
    """Nor do the English pages, the open-data API or the site search, which read the same rows."""
    coordinated(quake)
    slug = quake.disaster.slug
    html = "".join(
        client.get(address).content.decode()
        for address in [
            reverse("record:disaster-record", kwargs={"slug": slug}),
            reverse("record:disaster-support"),
            f"/en/disaster-support/{slug}/",
            "/api/v1/disaster-support/",
        ]
    )
    record = reverse("record:disaster-record", kwargs={"slug": slug})
    for word in ["能登地震", "大井一郎", "03-5742-9999", "ふれあい健康センター"]:
        found = client.get(reverse("search:results"), {"q": word}).content.decode()
        assert (record in found) is (word == "能登地震"), word  # found by its name only
    assert "令和9年能登地震" in html
    private = [CONTACT, PLACE, NOTE, "能登花子", "大井一郎", "03-5742-9999", "090-1111-2222"]
    private += ["080-3333-4444", "宿泊先は各自で手配"]
    for membership in Membership.objects.select_related("user"):
        private += [membership.full_name, membership.phone, membership.user.email]
    private += [quake.secretariat.email]
    for value in private:
        assert value not in html, value


def test_the_public_page_is_light_and_served_from_the_page_cache(
    client, quake, django_assert_max_num_queries
):
    coordinated(quake)
    url = reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug})
    bump_stamp()
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200
    gzipped = first.get("Content-Encoding") == "gzip"
    transferred = first.content if gzipped else gzip.compress(first.content)
    assert len(transferred) < 30_000
    assert b"<img" not in gzip.decompress(transferred)
    with django_assert_max_num_queries(2):  # the stamp, at most: the page comes from the cache
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert again.status_code == 200


def test_a_new_report_shows_on_the_cached_page_at_once(client, quake):
    url = reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug})
    assert "飲料水" not in client.get(url).content.decode()
    report_submit(
        user=quake.shinagawa_member,
        disaster=quake.disaster,
        data={"kind": "supplies", "item": "飲料水", "quantity": 10, "unit": "箱"},
    )
    assert "飲料水" in client.get(url).content.decode()


def test_while_reports_stream_in_the_public_page_is_rendered_at_most_once_a_second(
    client, quake, monkeypatch
):
    """During a disaster every commitment and report changes the page: readers get the version
    rendered last until a second has passed, instead of rendering it after every write."""
    import time

    from django.core.cache.backends import locmem

    def report(item):
        report_submit(
            user=quake.shinagawa_member,
            disaster=quake.disaster,
            data={"kind": "supplies", "item": item, "quantity": 10, "unit": "箱"},
        )

    url = reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug})
    client.get(url)
    report("飲料水")
    first = client.get(url)
    assert first.public_cache == "miss" and "飲料水" in first.content.decode()
    report("毛布")
    meanwhile = client.get(url)
    assert meanwhile.status_code == 200 and meanwhile.public_cache == "stale"
    assert "飲料水" in meanwhile.content.decode() and "毛布" not in meanwhile.content.decode()
    later = time.time() + 1.5
    monkeypatch.setattr(locmem.time, "time", lambda: later)  # a second and a half on
    after = client.get(url)
    assert after.public_cache == "miss" and "毛布" in after.content.decode()


def test_an_unknown_disaster_is_404(client, db):
    response = client.get(reverse("record:disaster-record", kwargs={"slug": "no-such"}))
    assert response.status_code == 404


def test_the_sitemap_and_the_search_know_every_disaster(client, quake):
    past = make_past_disaster("平成30年北海道胆振東部地震", recipients="北海道")
    sitemap = client.get("/sitemap-disasters.xml").content.decode()
    for disaster in [quake.disaster, past]:
        url = reverse("record:disaster-record", kwargs={"slug": disaster.slug})
        assert f"http://testserver{url}<" in sitemap
        assert f"http://testserver/en{url}<" in sitemap
    found = client.get(reverse("search:results"), {"q": "能登"}).content.decode()
    assert reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug}) in found
    found = client.get(reverse("search:results"), {"q": "胆振"}).content.decode()
    assert reverse("record:disaster-record", kwargs={"slug": past.slug}) in found


def test_the_english_pages_work(client, quake):
    coordinated(quake)
    url = reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug})
    assert client.get(f"/en{url}").status_code == 200
    assert client.get("/en/disaster-support/").status_code == 200


def grow(index):
    disaster = make_past_disaster(
        f"災害{index}",
        datetime.date(2010 + index % 10, 1, 1),
        funds_yen=index + 1,
        ward_donations_yen=index + 1,
        staff=[(index + 1, datetime.date(2018, 4, 1))],
    )
    return disaster


def test_the_list_runs_the_same_queries_with_few_and_many_disasters(
    client, db, assert_queries_constant
):
    (response,) = assert_queries_constant(reverse("record:disaster-support"), grow, max_queries=3)
    assert "災害39" in response.content.decode()


ROLES = [
    "anonymous", "pending", "member", "other", "ward", "secretariat", "password_only", "partner"
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_the_public_record_is_the_same_page_for_every_role(client, quake, role):
    """Permission matrix: the public pages answer 200 to everyone, and a signed-in member sees
    no more of anyone's contact than the public does."""
    from tests.factories import make_partner, pass_second_factor

    coordinated(quake)
    users = {
        "pending": quake.pending,
        "member": quake.wajima_member,
        "other": quake.shiranuka_member,
        "ward": quake.shinagawa_member,
    }
    if role == "secretariat":
        pass_second_factor(client, quake.secretariat)
    elif role == "password_only":
        client.force_login(quake.secretariat)
    elif role == "partner":
        client.force_login(make_partner(email="npo@example.jp"))
    elif role != "anonymous":
        client.force_login(users[role])
    url = reverse("record:disaster-record", kwargs={"slug": quake.disaster.slug})
    for address in [url, reverse("record:disaster-support")]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert CONTACT not in response.content.decode()
