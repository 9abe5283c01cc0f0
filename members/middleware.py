from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class SecretariatMFAMiddleware:
    """Staff reach the admin only once they have set up an authenticator app (TOTP).

    Logging in then asks for its code (allauth's MFA stage); the admin's own login form is routed
    through allauth's (see portal/urls.py), so there is no way round it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or match.url_name == "logout":
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            return None
        messages.warning(
            request,
            _(
                "管理画面を使うには2段階認証の設定が必要です。"
                "認証アプリ（Google Authenticator、Microsoft Authenticator など）を登録してください。"
            ),
        )
        return redirect("mfa_activate_totp")
