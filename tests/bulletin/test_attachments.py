"""Attachments are checked by content: real PDFs and JPEG/PNG/WebP images only, size-limited,
images re-encoded without their metadata, served to board users only."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bulletin.attachments import MAX_BYTES
from bulletin.models import Proposal, ProposalAttachment
from tests.pdfs import pdf_bomb


def minimal_pdf(extra: bytes = b"") -> bytes:
    """A small well-formed PDF whose startxref points at its xref table."""
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + b">> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n",
    ]
    body = b"%PDF-1.7\n"
    offsets = []
    for obj in objects:
        offsets.append(len(body))
        body += obj
    xref_at = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n"
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return body


def image_bytes(fmt="JPEG", size=(64, 48), exif=True) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "CameraMaker"  # Make
        data[0x8825] = {2: (35.0, 40.0, 0.0)}  # GPS latitude
        image.save(buffer, fmt, exif=data)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def form_data(**files):
    return {
        "title": "添付のある提案",
        "field": "tourism",
        "kind": "event",
        "body": "本文は残ります",
        "any_ward": "True",
        "fiscal_year": "2025",
        **files,
    }


def post(client, *uploads):
    return client.post(reverse("bulletin:proposal-create"), form_data(attachments=list(uploads)))


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_and_images_are_accepted_and_images_lose_their_metadata(client, board):
    client.force_login(board.proposer)
    response = post(
        client,
        upload("案内.pdf", minimal_pdf(), "application/pdf"),
        upload("写真.jpg", image_bytes("JPEG")),
        upload("地図.png", image_bytes("PNG")),
        upload("図.webp", image_bytes("WEBP")),
    )
    assert response.status_code == 302, response.context["form"].errors
    attachments = {a.name: a for a in ProposalAttachment.objects.all()}
    assert set(attachments) == {"案内.pdf", "写真.jpg", "地図.png", "図.webp"}
    assert attachments["案内.pdf"].content_type == "application/pdf"
    photo = attachments["写真.jpg"]
    with photo.file.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG"
        assert not image.getexif()  # no camera, no GPS
    assert photo.file.name.startswith("bulletin/") and "写真" not in photo.file.name


def test_a_png_named_jpg_is_stored_as_what_it_is(client, board):
    client.force_login(board.proposer)
    post(client, upload("photo.jpg", image_bytes("PNG")))
    attachment = ProposalAttachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.name == "photo.png"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.pdf", b"just some text, not a PDF", "いずれでもない"),
        ("photo.jpg", b"<?php echo 'x'; ?>", "いずれでもない"),
        ("empty.pdf", b"", "空のファイル"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n", "PDFとして読み取れません"),
        ("truncated.jpg", image_bytes("JPEG", (400, 300))[:600], "画像として読み取れません"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "いずれでもない",
        ),
        ("anim.gif", image_bytes("GIF"), "いずれでもない"),
        (
            "script.pdf",
            minimal_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
            "スクリプト",
        ),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(client, board, name, content, message):
    client.force_login(board.proposer)
    response = post(client, upload(name, content))
    assert response.status_code == 200
    errors = str(response.context["form"].errors["attachments"])
    assert message in errors and name in errors
    assert "本文は残ります" in response.content.decode()
    assert not Proposal.objects.exists() and not ProposalAttachment.objects.exists()


def test_too_large_and_too_many_pixels_are_refused(client, board):
    client.force_login(board.proposer)
    big = upload("big.pdf", minimal_pdf() + b"%" + b"0" * MAX_BYTES)
    response = post(client, big)
    assert "10MBまで" in str(response.context["form"].errors["attachments"])
    bomb = upload("bomb.png", image_bytes("PNG", (8000, 6000), exif=False))  # 48 megapixels
    response = post(client, bomb)
    assert "画素数が多すぎます" in str(response.context["form"].errors["attachments"])
    assert not ProposalAttachment.objects.exists()


def test_at_most_five_files(client, board):
    client.force_login(board.proposer)
    files = [upload(f"{i}.png", image_bytes("PNG")) for i in range(6)]
    response = post(client, *files)
    assert "5件までです" in str(response.context["form"].errors["attachments"])
    assert "5件までです" in response.content.decode()
    assert not Proposal.objects.exists() and not ProposalAttachment.objects.exists()


def test_downloads_are_for_board_users_and_never_run_as_pages(client, board):
    client.force_login(board.proposer)
    post(client, upload("案内.pdf", minimal_pdf()), upload("写真.png", image_bytes("PNG")))
    pdf = ProposalAttachment.objects.get(content_type="application/pdf")
    png = ProposalAttachment.objects.get(content_type="image/png")
    client.force_login(board.ward)
    response = client.get(pdf.get_absolute_url())
    assert b"".join(response.streaming_content) == minimal_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(png.get_absolute_url())
    b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("inline;")
    client.logout()
    response = client.get(pdf.get_absolute_url())
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_editing_adds_and_removes_attachments(client, board):
    client.force_login(board.proposer)
    post(client, upload("古い.pdf", minimal_pdf()))
    proposal = Proposal.objects.get()
    old = proposal.attachments.get()
    response = client.post(
        reverse("bulletin:proposal-update", args=[proposal.pk]),
        form_data(
            remove_attachments=[old.pk], attachments=[upload("新しい.png", image_bytes("PNG"))]
        ),
    )
    assert response.status_code == 302
    assert [a.name for a in proposal.attachments.all()] == ["新しい.png"]


def test_a_pdf_bomb_is_refused_within_the_limits(client, board):
    """The 819 KB PDF of twelve 70 MB object streams once held a worker for 30 s and got a 500."""
    bomb = pdf_bomb()
    assert len(bomb) < 850_000
    client.force_login(board.proposer)
    started = time.monotonic()
    response = post(client, upload("爆弾.pdf", bomb, "application/pdf"))
    elapsed = time.monotonic() - started
    errors = response.context["form"].errors["attachments"]
    assert "時間やメモリがかかりすぎる" in str(errors)
    assert elapsed < 5, f"refused after {elapsed:.1f} s"
    assert not ProposalAttachment.objects.exists()
