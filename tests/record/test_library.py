"""刊行物・資料: PDFs checked like the board's attachments, served as PDF, linked from the NEWS list."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from record.library import pdf_page_count
from record.models import NewsletterIssue, Publication
from tests.factories import make_event, make_secretariat, pass_second_factor
from tests.record.pdfs import pdf_with_pages


def add_publication(client, upload, **overrides):
    data = {
        "slug": "promotion-policy-2017",
        "title": "特別区全国連携プロジェクト推進方針",
        "kind": "policy",
        "published_on": "2017-03-01",
        "precision": "month",
        "summary": "23区の共通認識の形成",
        "file": upload,
    }
    data.update(overrides)
    return client.post(reverse("admin:record_publication_add"), data)


@pytest.mark.django_db
def test_the_secretariat_uploads_a_pdf_with_its_size_and_pages(client):
    pass_second_factor(client, make_secretariat())
    pdf = pdf_with_pages(12)
    response = add_publication(client, SimpleUploadedFile("hoshin.pdf", pdf, "application/pdf"))
    assert response.status_code == 302, response.content.decode()[:1500]
    publication = Publication.objects.get()
    assert (publication.file_size, publication.pages) == (len(pdf), 12)
    client.logout()

    listing = client.get(reverse("record:publication-list")).content.decode()
    assert "特別区全国連携プロジェクト推進方針" in listing
    assert "平成29年3月" in listing
    assert "12ページ" in listing
    download = client.get(publication.get_file_url())
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == pdf
    download.close()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html><script>alert(1)</script></html>", "PDFとして読み取れません"),
        (pdf_with_pages(1, extra=b"/OpenAction << /S /Launch >> "), "スクリプトなどの実行内容"),
    ],
    ids=["html-named-pdf", "launch-action"],
)
def test_a_file_that_is_not_a_safe_pdf_is_refused(client, content, message):
    pass_second_factor(client, make_secretariat())
    response = add_publication(client, SimpleUploadedFile("hoshin.pdf", content, "application/pdf"))
    assert message in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_the_newsletter_list_links_each_uploaded_issue_and_says_where_none_is(client):
    first = NewsletterIssue.objects.create(
        number=1, title="東京23区 全国連携NEWS 創刊号", published_on=datetime.date(2019, 3, 15)
    )
    NewsletterIssue.objects.create(
        number=2, title="東京23区 全国連携NEWS 第2号", published_on=datetime.date(2020, 2, 14)
    )
    publication = Publication.objects.create(
        slug="newsletter-1",
        title=first.title,
        kind="newsletter",
        published_on=first.published_on,
        newsletter=first,
    )
    page = client.get(reverse("record:newsletters")).content.decode()
    assert page.count("PDFは未掲載です") == 2  # a record without a file says so too
    publication.file.save("x.pdf", SimpleUploadedFile("x.pdf", pdf_with_pages(8)), save=False)
    publication.file_size, publication.pages = 1234, 8
    publication.save()
    page = client.get(reverse("record:newsletters")).content.decode()
    assert page.count("PDFは未掲載です") == 1
    assert f'href="{publication.get_file_url()}"' in page
    assert "8ページ" in page


@pytest.mark.django_db
def test_materials_of_an_event_are_on_its_page(client):
    event = make_event("第1回全国連携講演会", slug="lecture-2023-1")
    Publication.objects.create(
        slug="lecture-2023-1-slides",
        title="講演資料（関係人口について）",
        kind="material",
        published_on=event.start_date,
        event=event,
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "講演資料（関係人口について）" in page


def test_page_count_reads_the_page_tree():
    assert pdf_page_count(pdf_with_pages(5)) == 5
    assert pdf_page_count(b"%PDF-1.7\nno pages here") is None


@pytest.mark.django_db
def test_the_seeded_library_holds_the_projects_publications(client, shipped_data):
    kinds = set(Publication.objects.values_list("kind", flat=True))
    assert {"statement", "policy", "report", "pamphlet", "newsletter", "agreement"} <= kinds
    policy = Publication.objects.get(slug="promotion-policy-2017")
    assert (policy.published_on, policy.precision) == (datetime.date(2017, 3, 1), "month")
    assert Publication.objects.get(slug="interim-summary-2018").published_on.year == 2018
    assert Publication.objects.filter(newsletter__isnull=False).count() == 8
    page = client.get(reverse("record:newsletters")).content.decode()
    assert page.count("PDFは未掲載です") == 8  # no file shipped: every issue says so
