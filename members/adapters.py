"""allauth's mail (address verification, password reset, "you already have an account") goes
through the outbox like every other mail: the request writes it, the worker sends it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from . import outbox


class AccountAdapter(DefaultAccountAdapter):
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
