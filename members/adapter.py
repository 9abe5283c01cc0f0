"""allauth, as the portal runs it."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per address and account together (allauth counts per account):
        wrong passwords for an account from one address slow that address down, and cannot lock
        the account's owner out from another. allauth's per-address limit still applies to each
        address over all accounts. Cleared for the address on a successful password reset."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}:{key}"
