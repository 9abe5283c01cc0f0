from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import second_factor


class SecretariatMFAMiddleware:
    """Staff use the secretariat's powers only in a session that passed the second factor (TOTP).

    Every request is served with its session known to `members.second_factor`, so
    `is_secretariat` is false anywhere (views, services, querysets) until the MFA step is on
    record. Staff who open the admin, or a view that sets `secretariat_second_factor = True`
    (the board), are sent to that step first: the code from their authenticator app, or setting
    one up. The admin's own login form is routed through allauth's (see portal/urls.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with second_factor.serving(request):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name == "logout":
            return None
        view_class = getattr(view_func, "view_class", None)
        guarded = "admin" in match.namespaces or getattr(
            view_class, "secretariat_second_factor", False
        )
        if not guarded:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        if second_factor.session_passed(request, user):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            messages.info(
                request,
                _("事務局の機能を使う前に、認証アプリに表示されたコードを入力してください。"),
            )
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        messages.warning(
            request,
            _(
                "管理画面を使うには2段階認証の設定が必要です。"
                "認証アプリ（Google Authenticator、Microsoft Authenticator など）を登録してください。"
            ),
        )
        return redirect("mfa_activate_totp")
