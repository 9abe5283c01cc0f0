"""Attachments on a storage without local paths (a bucket, say): stored and served."""

from pathlib import Path

from django.core.files.storage import InMemoryStorage

from bulletin.models import ProposalAttachment
from tests.bulletin.test_attachments import minimal_pdf, post, upload


def test_attachments_work_on_a_storage_without_a_filesystem(client, board, monkeypatch, settings):
    bucket = InMemoryStorage(location="attachments")
    monkeypatch.setattr(ProposalAttachment._meta.get_field("file"), "storage", bucket)
    client.force_login(board.proposer)
    response = post(client, upload("案内.pdf", minimal_pdf(), "application/pdf"))
    assert response.status_code == 302
    attachment = ProposalAttachment.objects.get()
    assert bucket.exists(attachment.file.name)
    assert not list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))  # nothing on the disk

    client.force_login(board.ward)
    response = client.get(attachment.get_absolute_url())
    assert b"".join(response.streaming_content) == minimal_pdf()
