"""The secretariat's second factor: which sessions passed it, for the request being served.

allauth records each authentication step of a session (password, MFA code, …) in the session
itself. Secretariat powers count only in a session with an MFA step on record: a password alone,
an old session from before the authenticator was set up, or a session opened any other way gets
the MFA step (or its set-up) first. `SecretariatMFAMiddleware` makes the request being served
known here, so `members.permissions.is_secretariat` can ask without every caller passing it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

_serving: ContextVar[HttpRequest | None] = ContextVar("serving_request", default=None)


@contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    """While a request is served, secretariat powers depend on its session."""
    token = _serving.set(request)
    try:
        yield
    finally:
        _serving.reset(token)


def session_passed(request: HttpRequest, user) -> bool:
    """This session has an MFA step (authenticator app or recovery code) on record for the user."""
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def current_session_passed(user) -> bool:
    """Outside a request (commands, the shell, services called directly) the role is enough;
    during one, the session being served must have passed the second factor for this user."""
    request = _serving.get()
    return request is None or session_passed(request, user)


def _record_activation(sender, request, user, authenticator, **kwargs):
    """Setting up the app takes a valid code from it: the session has passed the second factor,
    so the secretariat need not wait for the next code before going on."""
    # A documented exception to "no private imports" (docs/dependencies.md): allauth offers no
    # public way to add a step to the session's record, so pyproject.toml pins django-allauth to
    # the tested minor release and tests/members/test_private_imports.py checks this function.
    from allauth.account.internal.flows.login import record_authentication

    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    if getattr(request, "user", None) is None or request.user.pk != user.pk:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def connect_signals() -> None:
    from allauth.mfa.signals import authenticator_added

    authenticator_added.connect(_record_activation, dispatch_uid="members.second_factor.activation")
