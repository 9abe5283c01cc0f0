"""When the public record last changed: the API's Last-Modified.

Every save, delete or many-to-many change of a public model moves the time on. It is kept in the
cache (Redis in production, shared by the workers); if the cache loses it, the time restarts at
"now", which only makes clients fetch again once. The ETag, computed from each response's body,
is exact either way.
"""

import time

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

CACHE_KEY = "opendata:last-modified"
# What the API publishes: a change anywhere else (the board, accounts) does not count.
PUBLIC_APPS = {"agreements", "events", "record"}
PUBLIC_MODELS = {
    "members.prefecture",
    "members.municipality",
    "members.membermunicipality",
    "bulletin.collaboration",
    "network.tie",
}


def is_public(model) -> bool:
    meta = model._meta
    return meta.app_label in PUBLIC_APPS or meta.label_lower in PUBLIC_MODELS


def record_change() -> None:
    cache.set(CACHE_KEY, int(time.time()), timeout=None)


def last_modified() -> int:
    """Seconds since the epoch, whole (HTTP dates have no fractions)."""
    cache.add(CACHE_KEY, int(time.time()), timeout=None)
    return cache.get(CACHE_KEY) or int(time.time())


def _on_change(sender, **kwargs):
    if is_public(sender):
        record_change()


def _on_m2m_change(sender, action, instance, **kwargs):
    if action.startswith("post_") and is_public(type(instance)):
        record_change()


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="opendata-save")
    post_delete.connect(_on_change, dispatch_uid="opendata-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="opendata-m2m")
