from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("施設・人材")
    secretariat_permissions = model_permissions(
        "directory", "offer", "availability", "offerrequest"
    )

    def ready(self):
        from members.mypage import register_mypage_section

        from .mypage import requests_section

        register_mypage_section(name="directory.requests", context=requests_section, order=70)
