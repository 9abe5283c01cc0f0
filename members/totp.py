"""Authenticator-app (TOTP, RFC 6238) codes and set-up through allauth's public API only.

allauth keeps its own TOTP helpers in `allauth.mfa.totp.internal`, a private module that may
change in any release; the demo accounts and the tests need just two things from it, so they are
here: an authenticator stored as allauth's MFA adapter encrypts it, and the code an app shows.
The code follows allauth's settings (`MFA_TOTP_DIGITS`, `MFA_TOTP_PERIOD`), so allauth accepts it.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator


def totp_activate(*, user, secret: str) -> Authenticator:
    """Give the user an authenticator app with this (base32) secret, as allauth's set-up does."""
    return Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.TOTP,
        data={"secret": get_adapter().encrypt(secret)},
    )


def totp_code(secret: str, *, at: float | None = None, steps_ago: int = 0) -> str:
    """The code an authenticator app shows at `at` (default: now), or `steps_ago` periods before."""
    now = time.time() if at is None else at
    counter = int(now) // app_settings.TOTP_PERIOD - steps_ago
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**app_settings.TOTP_DIGITS:0{app_settings.TOTP_DIGITS}d}"
