"""Writes with side effects: membership decisions (with their e-mails) and PR pages (with files).

Views, admin actions and the demo command all call these functions. Mail goes to the outbox in
the same transaction (`outbox.enqueue`); the outbox worker sends it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.public_cache import bump_stamp
from core.services import model_update
from core.sites import site_url

from . import outbox
from .images import ProcessedImage
from .models import (
    MemberMunicipality,
    Membership,
    MembershipStatus,
    Municipality,
    PRPage,
    PRPhoto,
    User,
)
from .models.pr import MAX_PHOTOS, PR_PAGE_FIELDS
from .permissions import acts_for
from .roles import secretariat_addresses


class MembershipError(ValidationError):
    """A decision that cannot be taken on this application (already decided, unverified...)."""


def _enqueue_mail(*, template: str, to: str, context: dict) -> None:
    outbox.enqueue_rendered(template=f"members/email/{template}", to=to, context=context)


def email_is_verified(user: User) -> bool:
    """Whether the user's own address is verified (allauth's record of it)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def membership_apply(
    *,
    user: User,
    municipality: Municipality,
    department: str,
    position: str,
    full_name: str,
    full_name_kana: str,
    phone: str,
) -> Membership:
    """Record a staff member's application; it stays pending until the secretariat decides, who
    is mailed (through the outbox) so that nobody waits on a queue no one is watching."""
    membership = Membership.objects.create(
        user=user,
        municipality=municipality,
        department=department,
        position=position,
        full_name=full_name,
        full_name_kana=full_name_kana,
        phone=phone,
        agreed_to_terms_at=timezone.now(),
        status=MembershipStatus.PENDING,
    )
    _mail_secretariat_of_application(membership)
    return membership


def _mail_secretariat_of_application(membership: Membership) -> None:
    context = {
        "membership": membership,
        "others": list(membership.other_pending_for_municipality()),
        "admin_url": site_url(reverse("admin:members_membership_change", args=[membership.pk])),
    }
    # The secretariat reads Japanese, whatever language the applicant used.
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_rendered(
            template="members/email/membership_applied",
            to=list(secretariat_addresses()),
            context=context,
        )


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("user", "municipality")
        .get(pk=membership.pk)
    )


def _decide(membership: Membership, status: str, *, decided_by: User, reason: str = "") -> None:
    """Record the secretariat's decision and write its mail (membership_approved/_rejected) to
    the outbox, in the same transaction."""
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = decided_by
    membership.rejection_reason = reason
    membership.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    bump_stamp()  # the top page's member count and its median days to a decision
    _enqueue_mail(
        template=f"membership_{status}",
        to=membership.user.email,
        context={"membership": membership},
    )


@transaction.atomic
def membership_approve(*, membership: Membership, decided_by: User) -> Membership:
    """Approve an application. The municipality's first approval makes it a member municipality."""
    membership = _locked(membership)
    if membership.status not in {MembershipStatus.PENDING, MembershipStatus.REJECTED}:
        raise MembershipError(
            _("%(name)s さんの申請は「%(status)s」のため承認できません。"),
            params={"name": membership.full_name, "status": membership.get_status_display()},
        )
    if not email_is_verified(membership.user):
        raise MembershipError(
            _("%(name)s さんはメールアドレスの確認が済んでいないため、まだ承認できません。"),
            params={"name": membership.full_name},
        )
    _decide(membership, MembershipStatus.APPROVED, decided_by=decided_by)
    MemberMunicipality.objects.get_or_create(
        municipality=membership.municipality,
        defaults={"joined_on": timezone.localdate(membership.decided_at)},
    )
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, decided_by: User, reason: str) -> Membership:
    """Reject a pending application, telling the applicant why."""
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("不承認の理由を入力してください。"))
    membership = _locked(membership)
    if membership.status != MembershipStatus.PENDING:
        raise MembershipError(
            _("%(name)s さんの申請は「%(status)s」のため不承認にできません。"),
            params={"name": membership.full_name, "status": membership.get_status_display()},
        )
    _decide(
        membership,
        MembershipStatus.REJECTED,
        decided_by=decided_by,
        reason=reason,
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, deactivated_by: User) -> Membership:
    """Stop an account (staff move on every April). What it wrote stays with the municipality."""
    membership = _locked(membership)
    if membership.status == MembershipStatus.DEACTIVATED:
        raise MembershipError(
            _("%(name)s さんのアカウントはすでに利用停止されています。"),
            params={"name": membership.full_name},
        )
    membership.status = MembershipStatus.DEACTIVATED
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["status", "deactivated_at"])
    user = membership.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    _enqueue_mail(
        template="membership_deactivated",
        to=user.email,
        context={
            "membership": membership,
            "by_self": deactivated_by.pk == user.pk,
        },
    )
    return membership


@dataclass(frozen=True)
class PhotoChange:
    """One photo slot of the PR page form: a new photo, an edit of one, or its removal."""

    photo: PRPhoto | None
    caption: str = ""
    alt_text: str = ""
    image: ProcessedImage | None = None
    delete: bool = False


def _store(photo: PRPhoto, image: ProcessedImage, written: list) -> None:
    photo.image.save(image.display.name, image.display, save=False)
    written.append(photo.image)
    photo.thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
    written.append(photo.thumbnail)


def _delete_files_on_commit(*files) -> None:
    for file in files:
        if file:
            storage, name = file.storage, file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def pr_page_update(
    *,
    municipality: Municipality,
    editor: User,
    fields: dict,
    photos: Sequence[PhotoChange] = (),
) -> PRPage:
    """Save a municipality's PR page and its photos, all or nothing.

    Only an approved member of the municipality may do this. Files written for a change that
    fails are removed again; files of removed or replaced photos are deleted after the commit.
    """
    if not acts_for(editor, municipality):
        raise PermissionDenied
    page = PRPage.objects.select_for_update().filter(municipality=municipality).first()
    if page is None:
        page = PRPage(municipality=municipality)
    model_update(instance=page, fields=PR_PAGE_FIELDS, data=fields)
    page.updated_by = editor
    page.full_clean()
    page.save()

    written: list = []
    try:
        _apply_photo_changes(page, editor, photos, written)
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise
    return page


def _apply_photo_changes(page, editor, photos, written) -> None:
    owned = {photo.pk: photo for photo in page.photos.all()}
    for change in photos:
        if change.photo is not None and change.photo.pk not in owned:
            raise PermissionDenied  # a photo of another page
    removed = [c for c in photos if c.photo is not None and c.delete]
    for change in removed:
        photo = owned.pop(change.photo.pk)
        _delete_files_on_commit(photo.image, photo.thumbnail)
        photo.delete()

    for change in photos:
        if change.delete or change.photo is None:
            continue
        photo = owned[change.photo.pk]
        photo.caption, photo.alt_text = change.caption, change.alt_text
        if change.image is not None:
            _delete_files_on_commit(photo.image, photo.thumbnail)
            _store(photo, change.image, written)
            photo.uploaded_by = editor
        photo.full_clean()
        photo.save()

    new = [c for c in photos if c.photo is None and not c.delete and c.image is not None]
    free = [n for n in range(1, MAX_PHOTOS + 1) if n not in {p.position for p in owned.values()}]
    if len(new) > len(free):
        raise ValidationError(
            _("写真は1ページに%(max)d枚までです。新しい写真は%(free)d枚まで追加できます。"),
            code="too_many_photos",
            params={"max": MAX_PHOTOS, "free": len(free)},
        )
    for change, position in zip(new, free, strict=False):
        photo = PRPhoto(
            page=page,
            position=position,
            caption=change.caption,
            alt_text=change.alt_text,
            uploaded_by=editor,
        )
        _store(photo, change.image, written)
        photo.full_clean()
        photo.save()


def pr_photo_delete(*, photo: PRPhoto) -> None:
    """Remove a photo (secretariat moderation in the admin); its files go after the commit."""
    with transaction.atomic():
        _delete_files_on_commit(photo.image, photo.thumbnail)
        photo.delete()
