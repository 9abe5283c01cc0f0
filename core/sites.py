"""The portal's own address, for links that leave the site (mail, feeds, og:url)."""

from django.conf import settings


def site_url(path: str = "") -> str:
    """`settings.SITE_URL` (DJANGO_SITE_URL) followed by `path`; never the request's Host."""
    return f"{settings.SITE_URL}{path}"
