from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Login rate limits and used TOTP codes are kept in the cache: workers must share it."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The cache is in each process's memory: every worker counts failed logins and "
                "used TOTP codes on its own.",
                hint="Set REDIS_URL (e.g. redis://cache:6379/0).",
                id="members.W001",
            )
        ]
    return []
