"""allauth, as the portal runs it: login throttling per address and account, and its mail
(address verification, password reset, "you already have an account") through the outbox like
every other mail (the request writes it, the worker sends it)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from . import outbox


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per address and account together (allauth counts per account):
        wrong passwords for an account from one address slow that address down, and cannot lock
        the account's owner out from another. allauth's per-address limit still applies to each
        address over all accounts. Cleared for the address on a successful password reset."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}:{key}"

    def format_email_subject(self, subject) -> str:
        # The outbox puts the portal's prefix before every subject, allauth's too.
        return str(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth's own send_mail, but the rendered message is queued, not sent.
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        outbox.enqueue_message(message)
