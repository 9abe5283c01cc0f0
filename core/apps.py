from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """App-free helpers every app may use (dates, template tags, pagination, the public-page
    cache); imports no app."""

    name = "core"
    verbose_name = _("共通")

    def ready(self):
        from django.utils.autoreload import file_changed

        from . import release
        from .public_cache import connect_invalidation

        # Models are named by label in settings.PUBLIC_CACHE_MODELS, so core imports none of them.
        connect_invalidation()
        # In development, a template or translation edit that runserver reloads in place is a
        # new release: the pages cached before it are not served again.
        file_changed.connect(release.files_changed, dispatch_uid="core.release.files_changed")
