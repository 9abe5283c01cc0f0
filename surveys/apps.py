from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("アンケート")
    # The secretariat builds surveys in the admin and reads (never edits) the answers.
    secretariat_permissions = [
        *model_permissions("surveys", "survey", "question", "choice"),
        *model_permissions("surveys", "response", "answer", actions=("view", "delete")),
    ]

    def ready(self):
        from members.mypage import register_mypage_section

        from .mypage import surveys_section

        register_mypage_section(name="surveys.open", context=surveys_section, order=55)
