"""Moderation: members report posts (通報), the secretariat hides, restores or closes them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.public_cache import bump_stamp
from core.safe_input import single_line
from core.sites import site_url

from .. import permissions
from ..models import (
    Collaboration,
    ModerationAction,
    ModerationKind,
    NotificationKind,
    Proposal,
    Reply,
    Report,
)
from ..permissions import require
from .notifications import actor_name, approved_users, mail_secretariat, notify


@transaction.atomic
def post_report(
    *, reporter, reason: str, proposal: Proposal | None = None, reply: Reply | None = None
) -> Report:
    """A member asks the secretariat to look at a post."""
    require(permissions.can_report(reporter), _("通報できるのは承認された会員だけです。"))
    require(
        reply is None or permissions.can_view_reply(reporter, reply),
        _("この返信は事務局により非表示にされました。"),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("通報の理由を入力してください。"))
    report = Report.objects.create(proposal=proposal, reply=reply, reporter=reporter, reason=reason)
    _mail_report(report)
    return report


@transaction.atomic
def post_moderate(
    *,
    actor,
    action: str,
    reason: str,
    proposal: Proposal | None = None,
    reply: Reply | None = None,
) -> ModerationAction:
    """The secretariat hides, restores, or closes the reports on a post. Nothing is deleted."""
    require(permissions.can_moderate(actor), _("投稿の非表示・再表示は事務局だけができます。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("理由を入力してください。"))
    target = proposal or reply
    model = type(target)
    target = model.objects.select_for_update().get(pk=target.pk)
    if action == ModerationKind.HIDE:
        if target.is_hidden:
            raise ValidationError(_("この投稿はすでに非表示です。"))
        target.is_hidden, target.hidden_reason = True, reason
    elif action == ModerationKind.RESTORE:
        if not target.is_hidden:
            raise ValidationError(_("この投稿は非表示になっていません。"))
        target.is_hidden, target.hidden_reason = False, ""
    elif action != ModerationKind.DISMISS:
        raise ValidationError(_("対応を選んでください。"))
    if action != ModerationKind.DISMISS:
        target.save(update_fields=["is_hidden", "hidden_reason"])
        if isinstance(target, Proposal) and Collaboration.objects.filter(proposal=target).exists():
            bump_stamp()  # its collaboration leaves (or returns to) the public lists
        _tell_owner(target, action=action, reason=reason)
    reports = Report.objects.unhandled().filter(proposal=proposal, reply=reply)
    reports.update(handled_at=timezone.now())
    return ModerationAction.objects.create(
        proposal=proposal, reply=reply, action=action, reason=reason, actor=actor
    )


def _tell_owner(target: Proposal | Reply, *, action: str, reason: str) -> None:
    """The members of the municipality whose post was hidden or restored hear of it, with the
    secretariat's reason (a notification, and mail through the outbox)."""
    if isinstance(target, Proposal):
        proposal, municipality_id = target, target.municipality_id
        what = pgettext_lazy("what was hidden", "投稿")
    else:
        proposal, municipality_id = target.proposal, target.municipality_id
        what = pgettext_lazy("what was hidden", "返信")
    if action == ModerationKind.HIDE:
        message = gettext_lazy(
            "事務局があなたの%(what)sを非表示にしました：「%(title)s」（理由：%(reason)s）"
        )
    else:
        message = gettext_lazy(
            "事務局があなたの%(what)sを再表示しました：「%(title)s」（理由：%(reason)s）"
        )
    notify(
        proposal=proposal,
        kind=NotificationKind.REMINDER,
        actor=None,
        recipients=approved_users(municipality=municipality_id),
        message=message,
        params={"what": what, "title": proposal.title, "reason": single_line(reason)},
    )


def _mail_report(report: Report) -> None:
    target = report.proposal or report.reply.proposal
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "bulletin/email/report.txt",
            {
                "report": report,
                "target": target,
                "reporter": actor_name(report.reporter),
                "queue_url": site_url(reverse("bulletin:report-list")),
                "post_url": site_url(target.get_absolute_url()),
            },
        )
        mail_secretariat(
            subject=_("新しい通報：「%(title)s」") % {"title": target.title}, body=body
        )
