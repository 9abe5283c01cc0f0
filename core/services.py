"""Helpers for the apps' service functions (app-free)."""

from collections.abc import Iterable, Mapping

from django.db import models


def model_update(*, instance: models.Model, fields: Iterable[str], data: Mapping) -> list[str]:
    """Set each of `fields` that `data` gives on `instance`; the names whose value changed.

    Nothing is saved: the caller validates (`full_clean`) and saves, with what else it sets.
    """
    changed = []
    for name in fields:
        if name not in data:
            continue
        if getattr(instance, name) != data[name]:
            changed.append(name)
        setattr(instance, name, data[name])
    return changed
