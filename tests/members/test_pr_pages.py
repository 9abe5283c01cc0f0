"""Public side of the PR pages: the municipality page, the directory's member marks, the live
member count, and the PR corner of an agreement body."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from agreements.models import AgreementBody, BodyKind
from members.images import process_photo
from members.models import MemberMunicipality, Municipality, MunicipalityKind, PRPage
from members.services import PhotoChange, membership_approve, pr_page_update
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat_staff,
)
from tests.members.images import photo_bytes, upload

LIST_URL = reverse("members:municipality-list")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def publish(municipality, *, photos=0, catchphrase=None, **fields):
    member = make_member(municipality)
    return pr_page_update(
        municipality=municipality,
        editor=member,
        fields={
            "catchphrase": catchphrase or f"{municipality.name}へようこそ",
            "introduction": fields.pop("introduction", "紹介文です。"),
            **fields,
        },
        photos=[
            PhotoChange(
                photo=None,
                caption=f"キャプション{i}",
                alt_text=f"{municipality.name}の風景{i}",
                image=process_photo(upload(f"{i}.jpg", photo_bytes((320, 240)))),
            )
            for i in range(photos)
        ],
    )


def test_the_municipality_page_shows_its_pr_content(client, db):
    fukui = make_prefecture("18", "福井県")
    sakai = make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    MemberMunicipality.objects.create(municipality=sakai, joined_on=datetime.date(2024, 4, 1))
    publish(
        sakai,
        photos=2,
        catchphrase="東尋坊と丸岡城のまち",
        introduction="日本海に面したまちです。\n北陸の玄関口です。",
        tourism="東尋坊",
        specialties="越前がに",
        events="三国祭",
        website="https://example.jp/sakai/",
        contact="企画政策課 0776-00-0000",
    )
    body = client.get(sakai.get_absolute_url()).content.decode()
    for text in [
        "会員登録自治体",
        "令和6年4月1日",
        "自治体情報のPR",
        "東尋坊と丸岡城のまち",
        "<p>日本海に面したまちです。<br>北陸の玄関口です。</p>",
        "<h3>観光</h3>",
        "<h3>特産品</h3>",
        "<h3>イベント</h3>",
        "越前がに",
        'href="https://example.jp/sakai/"',
        "企画政策課 0776-00-0000",
        'alt="坂井市の風景0"',
        "<figcaption>キャプション1</figcaption>",
    ]:
        assert text in body, text


def test_pr_text_is_escaped(client, db):
    town = make_municipality()
    publish(town, introduction='<script>alert("x")</script>')
    body = client.get(town.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;" in body


def test_a_municipality_without_pr_or_members_shows_neither(client, db):
    town = make_municipality()
    body = client.get(town.get_absolute_url()).content.decode()
    assert "自治体情報のPR" not in body and "会員登録自治体" not in body


def test_the_website_must_be_a_web_address(client, db):
    town = make_municipality()
    client.force_login(make_member(town))
    response = client.post(
        reverse("members:pr-edit", kwargs={"code": town.code}),
        {
            "catchphrase": "x",
            "introduction": "y",
            "website": "javascript:alert(1)",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "https:// から始まるウェブサイトのURLを入力してください" in response.content.decode()
    assert not PRPage.objects.exists()
    assert "javascript:" not in client.get(town.get_absolute_url()).content.decode()


def test_the_directory_marks_member_municipalities_and_filters_them(client, db):
    hokkaido = make_prefecture("01", "北海道")
    member = make_municipality("白糠町", prefecture=hokkaido)
    make_municipality("釧路町", prefecture=hokkaido)
    MemberMunicipality.objects.create(municipality=member, joined_on=datetime.date(2024, 4, 1))
    body = client.get(LIST_URL).content.decode()
    assert '白糠町</a> <span class="badge badge--member">会員</span>' in body
    assert "釧路町</a></li>" in body
    response = client.get(LIST_URL, {"member": "on"})
    assert [m.name for m in response.context["object_list"]] == ["白糠町"]


def test_directory_query_count_is_constant_with_members(client, db, assert_queries_constant):
    prefecture = make_prefecture("01", "北海道")

    def grow(index):
        municipality = make_municipality(prefecture=prefecture)
        MemberMunicipality.objects.create(
            municipality=municipality, joined_on=datetime.date.today()
        )

    everything, members = assert_queries_constant(
        LIST_URL, grow, large=32, max_queries=3, params=[{}, {"member": "on"}]
    )
    assert members.context["paginator"].count == 32
    assert members.content.decode().count('<span class="badge badge--member">会員</span>') == 32


def render_member_count():
    request = RequestFactory().get("/")
    return Template('{% include "members/includes/_member_count.html" %}').render(
        Context({"request": request})
    )


def test_the_live_member_count_follows_approvals(db):
    secretariat = make_secretariat_staff()
    assert "0 団体" in render_member_count()
    town = make_municipality()
    for _ in range(2):
        membership_approve(
            membership=make_member(town, status="pending").membership, decided_by=secretariat
        )
    assert "1 団体" in render_member_count()
    assert Municipality.objects.members().count() == 1


@pytest.fixture
def kyoto(db):
    kyoto = make_prefecture("26", "京都府")
    body = AgreementBody.objects.create(
        name="京都府市長会",
        slug="kyoto-mayors",
        prefecture=kyoto,
        kind=BodyKind.MAYORS,
        signed_on=datetime.date(2015, 10, 19),
        documented_member_count=14,
    )
    return kyoto, body


def test_the_pr_corner_gathers_the_bodys_members_pr_pages(client, kyoto):
    prefecture, body = kyoto
    fukuchiyama = make_municipality("福知山市", prefecture=prefecture, kind=MunicipalityKind.CITY)
    maizuru = make_municipality("舞鶴市", prefecture=prefecture, kind=MunicipalityKind.CITY)
    make_municipality("綾部市", prefecture=prefecture, kind=MunicipalityKind.CITY)  # no PR page
    town = make_municipality("与謝野町", prefecture=prefecture)  # a town: not a 市長会 member
    elsewhere = make_municipality("坂井市", prefecture=make_prefecture("18", "福井県"), kind="city")
    publish(fukuchiyama, photos=1, catchphrase="明智光秀ゆかりのまち")
    publish(maizuru, catchphrase="海の京都")
    publish(town, catchphrase="ちりめん街道")
    publish(elsewhere, catchphrase="東尋坊")

    response = client.get(reverse("agreements:body-pr", kwargs={"slug": "kyoto-mayors"}))
    body_html = response.content.decode()
    assert response.status_code == 200
    assert "京都府市長会 構成自治体のPR" in body_html
    assert [m.name for m in response.context["municipalities"]] == ["福知山市", "舞鶴市"]
    assert "明智光秀ゆかりのまち" in body_html and 'alt="福知山市の風景0"' in body_html
    for absent in ["綾部市", "ちりめん街道", "東尋坊"]:
        assert absent not in body_html
    assert f'href="{fukuchiyama.get_absolute_url()}#pr"' in body_html

    # The include the agreements pages use shows the same.
    html = Template(
        '{% include "members/includes/_pr_corner.html" with municipalities=body.members %}'
    ).render(Context({"body": body}))
    assert "明智光秀ゆかりのまち" in html and "海の京都" in html and "東尋坊" not in html


def test_an_empty_pr_corner_says_so(client, kyoto):
    response = client.get(reverse("agreements:body-pr", kwargs={"slug": "kyoto-mayors"}))
    assert "まだPRページを公開している自治体はありません" in response.content.decode()
    missing = client.get(reverse("agreements:body-pr", kwargs={"slug": "nowhere"}))
    assert missing.status_code == 404
    assert "ページが見つかりません" in missing.content.decode()


def test_pr_corner_query_count_is_constant(client, kyoto, assert_queries_constant):
    prefecture, body = kyoto
    url = reverse("agreements:body-pr", kwargs={"slug": "kyoto-mayors"})

    def grow(index):
        publish(make_municipality(f"市{index}", prefecture=prefecture, kind="city"), photos=1)

    (response,) = assert_queries_constant(url, grow, small=1, large=6, max_queries=4)
    assert len(response.context["municipalities"]) == 6
    assert 'alt="市5の風景0"' in response.content.decode()
