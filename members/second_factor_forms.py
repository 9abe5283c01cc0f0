"""The second-factor code forms: wrong codes count against the account, not the address.

allauth counts a wrong code under its `login_failed` action, whose per-address limit (10 a
minute) is shared by everyone behind one office's address: ten codes mistyped by one person
locked every colleague out of logging in. Here wrong codes count per account (however many
addresses) and per account and address, under actions of their own (ACCOUNT_RATE_LIMITS
"second_factor_failed_account" / "second_factor_failed_address").
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context, ratelimit
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator

ACCOUNT_ACTION = "second_factor_failed_account"
ADDRESS_ACTION = "second_factor_failed_address"


class SecondFactorCodeMixin:
    def clean_code(self) -> str:
        request = context.request
        address = get_account_adapter().get_client_ip(request)
        keys = {
            ACCOUNT_ACTION: f"user-{self.user.pk}",
            ADDRESS_ACTION: f"user-{self.user.pk}:{address}",
        }
        for action, key in keys.items():
            if not ratelimit.consume(request, action=action, key=key):
                raise get_account_adapter().validation_error("too_many_login_attempts")
        code = self.cleaned_data["code"]
        main_auth = None
        # As allauth's BaseAuthenticateForm.clean_code, with the counting above.
        for auth in Authenticator.objects.filter(user=self.user).exclude(
            type=Authenticator.Type.WEBAUTHN
        ):
            if not main_auth or auth.type == Authenticator.Type.TOTP:
                main_auth = auth
            if auth.wrap().validate_code(code):
                auth.user = self.user
                self.authenticator = auth
                for action, key in keys.items():
                    ratelimit.clear(request, action=action, key=key)
                return code
        if main_auth:
            self._emit_authentication_failed(main_auth)
        raise get_adapter().validation_error("incorrect_code")


class SecondFactorForm(SecondFactorCodeMixin, AuthenticateForm):
    pass


class SecondFactorReauthenticateForm(SecondFactorCodeMixin, ReauthenticateForm):
    pass
