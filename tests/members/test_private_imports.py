"""No import of a library's private module, except the documented ones (docs/dependencies.md).

A private module (a name starting with `_`, or allauth's `internal` packages) may change in any
release. Where a library offers a public API the portal uses it; where none exists the version is
pinned narrowly in pyproject.toml and a test below fails the day the internal disappears or
changes shape, so an upgrade is caught by `make test`, not by a secretariat locked out.
"""

import ast
import inspect
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest

from members.second_factor import session_passed
from members.totp import totp_activate, totp_code
from tests.factories import TOTP_SECRET, make_member

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "build", ".git", "staticfiles"}
# module → why it is allowed (each has a test below).
EXCEPTIONS = {
    # No public way to add an authentication step to the session's record (second_factor.py
    # after setting up the app; tests/factories.py to log a client in with the second factor).
    "allauth.account.internal.flows.login",
    # Test-only: recovery codes created as allauth's set-up view does (test_mfa_language.py).
    "allauth.mfa.recovery_codes.internal.auth",
}


LOCAL = {path.name for path in ROOT.iterdir() if path.is_dir()} | {"__future__"}


def _is_private(module: str) -> bool:
    parts = module.split(".")
    return any(part.startswith("_") for part in parts[1:]) or (
        parts[0] == "allauth" and "internal" in parts
    )


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_is_private_recognises_the_shapes_we_forbid():
    assert _is_private("somelib._speedups")
    assert _is_private("allauth.mfa.totp.internal.auth")
    assert not _is_private("redis.connection")
    assert not _is_private("allauth.mfa.adapter")
    assert not _is_private("__future__")


def test_no_private_imports_outside_the_documented_exceptions():
    found = []
    for path in ROOT.rglob("*.py"):
        if SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module, names in _imports(tree):
            private_names = [name for name in names if name.startswith("_")]
            if module.split(".")[0] in LOCAL:
                continue
            if (_is_private(module) and module not in EXCEPTIONS) or private_names:
                found.append(f"{path.relative_to(ROOT)}: {module} {private_names or ''}")
    assert found == []


def test_allauth_record_authentication_keeps_the_shape_we_call():
    from allauth.account.internal.flows.login import record_authentication

    parameters = list(inspect.signature(record_authentication).parameters)
    assert parameters[:3] == ["request", "user", "method"]


@pytest.mark.django_db
def test_a_recorded_mfa_step_is_what_session_passed_reads():
    from allauth.account.internal.flows.login import record_authentication

    user = make_member(email="kaga@example.jp")
    request = HttpRequest()
    request.session = SessionStore()
    request.user = AnonymousUser()
    assert not session_passed(request, user)
    record_authentication(request, user, "mfa", type="totp")
    assert session_passed(request, user)


@pytest.mark.django_db
def test_allauth_recovery_codes_activate_still_exists():
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = make_member(email="noto@example.jp")
    codes = RecoveryCodes.activate(user)
    assert codes.instance.type == "recovery_codes"


@pytest.mark.django_db
def test_our_totp_helpers_store_and_compute_as_allauth_does():
    """members/totp.py replaces allauth's private TOTP helpers (the login tests check that
    allauth accepts its codes)."""
    from allauth.mfa.adapter import get_adapter

    user = make_member(email="wakasa@example.jp")
    authenticator = totp_activate(user=user, secret=TOTP_SECRET)
    assert get_adapter().decrypt(authenticator.data["secret"]) == TOTP_SECRET
    # RFC 6238 appendix B (SHA-1, 8 digits at T=59 is 94287082): the last 6 digits.
    assert totp_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at=59) == "287082"
