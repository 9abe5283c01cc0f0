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
        from bulletin.services.rooms import register_room_message_hook
        from members.mypage import register_mypage_section

        from .mypage import requests_section
        from .services import request_room_message

        register_mypage_section(name="directory.requests", context=requests_section, order=70)
        register_room_message_hook(request_room_message)
