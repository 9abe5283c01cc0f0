"""The files attached to a post (PDF or images), kept out of MEDIA_ROOT: members only."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal


def attachment_storage():
    # Not under MEDIA_ROOT: board attachments are for members only and are served by a view.
    # STORAGES["private"] when configured (DJANGO_PRIVATE_MEDIA_STORAGE), else PRIVATE_MEDIA_ROOT.
    from django.core.files.storage import FileSystemStorage, storages

    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def attachment_path(instance, filename: str) -> str:
    # The stored name is random; the original name is kept in `name` for display and download.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bulletin/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", _("PDF")
    JPEG = "image/jpeg", _("JPEG画像")
    PNG = "image/png", _("PNG画像")
    WEBP = "image/webp", _("WebP画像")


class ProposalAttachment(models.Model):
    """A PDF or image attached to a proposal, checked for what it really is before it is kept."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("提案")
    )
    file = models.FileField(
        _("ファイル"), storage=attachment_storage, upload_to=attachment_path, max_length=200
    )
    name = models.CharField(_("ファイル名"), max_length=200)
    content_type = models.CharField(_("種類"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("サイズ（バイト）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添付した人"),
    )
    uploaded_at = models.DateTimeField(_("添付日時"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bulletin:attachment-download", kwargs={"pk": self.pk})

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
