"""Writes with side effects: an organisation's application and the secretariat's decision (with
their mail, through the outbox in the same transaction)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.public_cache import bump_stamp
from core.sites import site_url
from members import outbox
from members.models import MembershipStatus, User
from members.roles import secretariat_addresses
from members.services import MembershipError, email_is_verified

from .models import PartnerMembership, PartnerOrganisation


def _enqueue_mail(*, template: str, to: str, context: dict) -> None:
    outbox.enqueue_rendered(template=f"partners/email/{template}", to=to, context=context)


@transaction.atomic
def partner_apply(
    *,
    user: User,
    organisation: dict,
    department: str,
    full_name: str,
    full_name_kana: str,
    phone: str,
) -> PartnerMembership:
    """Record an organisation and its person's application; pending until the secretariat
    decides (the secretariat is mailed). The organisation is not public before approval."""
    organisation = PartnerOrganisation(**organisation)
    organisation.full_clean()
    organisation.save()
    membership = PartnerMembership.objects.create(
        user=user,
        organisation=organisation,
        department=department,
        full_name=full_name,
        full_name_kana=full_name_kana,
        phone=phone,
        agreed_to_terms_at=timezone.now(),
    )
    context = {
        "membership": membership,
        "admin_url": site_url(
            reverse("admin:partners_partnermembership_change", args=[membership.pk])
        ),
    }
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_rendered(
            template="partners/email/applied", to=list(secretariat_addresses()), context=context
        )
    return membership


def _locked(membership: PartnerMembership) -> PartnerMembership:
    return (
        PartnerMembership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )


def _decide(membership, status: str, *, decided_by: User, reason: str = "") -> None:
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = decided_by
    membership.rejection_reason = reason
    membership.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    _enqueue_mail(template=status, to=membership.user.email, context={"membership": membership})


@transaction.atomic
def partner_approve(*, membership: PartnerMembership, decided_by: User) -> PartnerMembership:
    """Approve; the organisation's first approval lists it in the public directory."""
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
    organisation = membership.organisation
    if organisation.approved_on is None:
        organisation.approved_on = timezone.localdate(membership.decided_at)
        organisation.save(update_fields=["approved_on"])
        bump_stamp()  # the public directory
    return membership


@transaction.atomic
def partner_reject(
    *, membership: PartnerMembership, decided_by: User, reason: str
) -> PartnerMembership:
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
    _decide(membership, MembershipStatus.REJECTED, decided_by=decided_by, reason=reason)
    return membership
