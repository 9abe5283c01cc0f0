"""お知らせ: written in the admin, shown on the top page, /news/, its page, the feed and OGP."""

import datetime
import re

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from record.formatting import render_news_body
from record.models import NewsItem
from tests.factories import make_secretariat, pass_second_factor
from tests.members.images import photo_bytes
from tests.record.pdfs import pdf_with_pages

TODAY = timezone.localdate()


def make_news(title="ホームページを開設しました", **fields):
    fields.setdefault("published_on", TODAY - datetime.timedelta(days=1))
    fields.setdefault("state", "published")
    return NewsItem.objects.create(title=title, body=fields.pop("body", "本文です。"), **fields)


def admin_post(client, **overrides):
    data = {
        "title": "全国連携講演会の参加者を募集します",
        "category": "call",
        "body": "## 概要\n\n**どなたでも**参加できます。\nhttps://example.jp/lecture\n\n- 会場：東京区政会館\n- 定員：100名\n\n<script>alert(1)</script>",
        "state": "published",
        "published_on": TODAY.isoformat(),
        "date_precision": "day",
        "ends_on": "",
        "image_alt": "講演会の会場の様子",
    }
    data.update(overrides)
    return client.post(reverse("admin:record_newsitem_add"), data)


@pytest.mark.django_db
def test_the_secretariat_publishes_news_with_an_image_and_a_pdf(client):
    pass_second_factor(client, make_secretariat())
    response = admin_post(
        client,
        image=SimpleUploadedFile("venue.jpg", photo_bytes(gps=True), "image/jpeg"),
        attachment=SimpleUploadedFile("chirashi.pdf", pdf_with_pages(2), "application/pdf"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsItem.objects.get()
    assert item.attachment_name == "chirashi.pdf"
    assert item.attachment_size == len(pdf_with_pages(2))
    with item.image.open("rb") as file, Image.open(file) as stored:
        assert not stored.getexif()  # camera data and GPS dropped
    client.logout()

    home = client.get("/").content.decode()
    assert "全国連携講演会の参加者を募集します" in home
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<h2>概要</h2>" in page
    assert "<strong>どなたでも</strong>" in page
    assert '<a href="https://example.jp/lecture"' in page
    assert "<li>会場：東京区政会館</li>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert '<meta property="og:type" content="article">' in page
    assert re.search(
        r'<meta property="og:image" content="http://[^"]+/media/news/[^"]+\.jpg">', page
    )
    assert '<meta property="og:image:alt" content="講演会の会場の様子">' in page
    assert '<meta property="og:title" content="全国連携講演会の参加者を募集します">' in page

    download = client.get(item.get_attachment_url())
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    download.close()


@pytest.mark.django_db
def test_a_fake_image_or_pdf_is_refused_and_an_image_needs_alt_text(client):
    pass_second_factor(client, make_secretariat())
    response = admin_post(
        client,
        image_alt="",
        image=SimpleUploadedFile("venue.jpg", photo_bytes(), "image/jpeg"),
    )
    assert "画像の説明を入力してください" in response.content.decode()
    response = admin_post(
        client, attachment=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", "application/pdf")
    )
    assert "PDFとして読み取れません" in response.content.decode()
    response = admin_post(
        client,
        attachment=SimpleUploadedFile(
            "x.pdf",
            pdf_with_pages(1, extra=b"/OpenAction << /S /JavaScript >> "),
            "application/pdf",
        ),
    )
    assert "スクリプトなどの実行内容" in response.content.decode()
    assert not NewsItem.objects.exists()


@pytest.mark.django_db
def test_drafts_future_and_ended_items_are_not_public(client):
    make_news("公開中のお知らせ")
    make_news("下書きのお知らせ", state="draft")
    make_news("予約中のお知らせ", published_on=TODAY + datetime.timedelta(days=3))
    ended = make_news(
        "掲載終了のお知らせ",
        published_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    listing = client.get(reverse("record:news-list")).content.decode()
    assert "公開中のお知らせ" in listing
    for hidden in ["下書きのお知らせ", "予約中のお知らせ", "掲載終了のお知らせ"]:
        assert hidden not in listing
    assert client.get(ended.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_list_filters_by_category_and_pages(client):
    for n in range(25):
        make_news(f"お知らせ{n:02d}", published_on=TODAY - datetime.timedelta(days=n + 1))
    make_news("能登半島地震への支援について", category="disaster")
    first = client.get(reverse("record:news-list"))
    assert len(first.context["object_list"]) == 20
    assert first.context["page_obj"].paginator.num_pages == 2
    disaster = client.get(reverse("record:news-list"), {"category": "disaster"})
    assert [i.title for i in disaster.context["object_list"]] == ["能登半島地震への支援について"]


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_at_two_sizes(client, assert_queries_constant):
    def grow(index):
        make_news(f"お知らせ{index}", published_on=TODAY - datetime.timedelta(days=index + 1))

    (response,) = assert_queries_constant(reverse("record:news-list"), grow, max_queries=2)
    assert "お知らせ0" in response.content.decode()


@pytest.mark.django_db
def test_the_atom_feed_carries_each_public_item(client):
    make_news("Twitterの運用を開始しました", category="notice", body="**発信**を始めました。")
    make_news("下書き", state="draft")
    feed = feedparser.parse(client.get(reverse("record:news-feed")).content)
    assert feed.feed.title == "特別区全国連携プロジェクト お知らせ"
    (entry,) = feed.entries
    assert entry.title == "Twitterの運用を開始しました"
    assert "<strong>発信</strong>" in entry.summary
    assert entry.tags[0].term == "お知らせ"


def test_the_body_formatting_escapes_everything():
    html = render_news_body('<img src=x onerror=alert(1)> **"太字"** [link](javascript:alert(1))')
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<strong>&quot;太字&quot;</strong>" in html
    assert 'href="javascript' not in html


@pytest.mark.django_db
def test_the_seeded_news_have_the_documents_dates(client, shipped_data):
    launch = NewsItem.objects.get(published_on=datetime.date(2015, 6, 30))
    assert "ホームページの運用を開始" in launch.title
    twitter = NewsItem.objects.get(title__contains="Twitter")
    assert (twitter.published_on, twitter.date_precision) == (datetime.date(2021, 1, 1), "month")
    assert NewsItem.objects.filter(title__contains="全国連携NEWS").count() == 8
    first_issue = NewsItem.objects.get(title__contains="創刊号")
    assert first_issue.published_on == datetime.date(2019, 3, 15)
    listing = client.get(reverse("record:news-list")).content.decode()
    assert "令和3年1月" in listing  # month precision: no invented day


@pytest.mark.django_db
def test_public_news_are_in_the_sitemap(client):
    item = make_news("公開中のお知らせ")
    draft = make_news("下書き", state="draft")
    body = client.get("/sitemap-news.xml").content.decode()
    assert item.get_absolute_url() in body
    assert draft.get_absolute_url() not in body
