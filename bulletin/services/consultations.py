"""Consultations (相談): a member's question to the secretariat, and the thread that follows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.sites import site_url
from members import outbox as mail_outbox
from members.permissions import approved_membership

from .. import permissions
from ..models import Consultation, ConsultationMessage, ConsultationStatus, Proposal
from ..permissions import require
from .notifications import approved_users, mail_secretariat


@transaction.atomic
def consultation_open(
    *, author, subject: str, body: str, proposal: Proposal | None = None
) -> Consultation:
    """A member asks the secretariat a question or for help with a collaboration (never public)."""
    membership = approved_membership(author)
    require(membership is not None, _("相談できるのは承認された会員だけです。"))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("件名と内容を入力してください。"))
    consultation = Consultation.objects.create(
        municipality=membership.municipality,
        author=author,
        subject=subject[:120],
        proposal=proposal,
    )
    ConsultationMessage.objects.create(consultation=consultation, author=author, body=body)
    _mail_consultation(consultation, body, to_secretariat=True)
    return consultation


@transaction.atomic
def consultation_post(*, consultation: Consultation, author, body: str) -> ConsultationMessage:
    """A message in the thread: the secretariat's answer, or the member's follow-up."""
    require(permissions.can_view_consultation(author, consultation), _("この相談は見られません。"))
    body = body.strip()
    if not body:
        raise ValidationError(_("内容を入力してください。"))
    from_secretariat = permissions.can_moderate(author)
    message = ConsultationMessage.objects.create(
        consultation=consultation, author=author, body=body, from_secretariat=from_secretariat
    )
    consultation.status = (
        ConsultationStatus.ANSWERED if from_secretariat else ConsultationStatus.WAITING
    )
    consultation.save(update_fields=["status", "updated_at"])
    _mail_consultation(consultation, body, to_secretariat=not from_secretariat)
    return message


def _mail_consultation(consultation: Consultation, body: str, *, to_secretariat: bool) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "bulletin/email/consultation.txt",
            {
                "consultation": consultation,
                "body": body,
                "url": site_url(consultation.get_absolute_url()),
            },
        )
        if to_secretariat:
            mail_secretariat(
                subject=_("相談：%(subject)s（%(who)s）")
                % {"subject": consultation.subject, "who": consultation.municipality.name},
                body=text,
            )
            return
        subject = _("事務局から相談への回答：%(subject)s") % {"subject": consultation.subject}
        for user in approved_users(municipality=consultation.municipality_id):
            mail_outbox.enqueue(to=user.email, subject=subject, body=text)
