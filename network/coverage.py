"""How much of the network the portal knows: what is recorded here against the latest published
figure ("記録済み 13 自治体 / 公表 815、令和5年8月1日（2023年8月1日）現在").

The published figures live in the public record (`record`), which sits above this app; it
declares them in its AppConfig as `network_published_figures` ({figure key: dotted path of a
function returning a `Published` or None}), as apps declare their map relationships, so nothing
imports upward. The recorded side is computed here, or by the app that owns it (the board's
collaborations), and passed in.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.dates import date_text
from core.public_cache import memoize_per_stamp

# The figures a page can be measured against.
WARD_PARTNERS = "ward_partners"  # 各区交流自治体: municipalities tied to a ward
PROJECTS = "projects"  # 連携事業数: the wards' and the 23 wards' projects


@dataclass(frozen=True)
class Published:
    count: int
    as_of: datetime.date


# What each figure counts, as the statement names it.
UNITS = {
    WARD_PARTNERS: lambda: pgettext("coverage unit", "自治体"),
    PROJECTS: lambda: pgettext("coverage unit", "件"),
}


@dataclass(frozen=True)
class Coverage:
    key: str
    recorded: int
    published: Published | None

    @property
    def complete(self) -> bool:
        """The record has caught up with the published figure (or there is none to meet)."""
        return self.published is None or self.recorded >= self.published.count

    @property
    def percent(self) -> float | None:
        if self.published is None or not self.published.count:
            return None
        return round(100 * self.recorded / self.published.count, 1)

    def statement(self) -> str:
        """「記録済み 13 自治体 / 公表 815、令和5年8月1日（2023年8月1日）現在」, or only what is recorded once
        the record has met the published figure."""
        recorded = _("記録済み %(count)s %(unit)s") % {
            "count": f"{self.recorded:,}",
            "unit": UNITS[self.key](),
        }
        if self.complete:
            return recorded
        published = _("公表 %(count)s、%(date)s現在") % {
            "count": f"{self.published.count:,}",
            "date": date_text(self.published.as_of),
        }
        return f"{recorded} / {published}"


def published(key: str) -> Published | None:
    for config in apps.get_app_configs():
        path = getattr(config, "network_published_figures", {}).get(key)
        if path:
            return import_string(path)()
    return None


def published_on(key: str, as_of: datetime.date) -> Published | None:
    """The figure published as of that date (a yearly round's date), if there is one: declared
    as `network_published_figures_on` ({figure key: dotted path of a function of the date})."""
    for config in apps.get_app_configs():
        path = getattr(config, "network_published_figures_on", {}).get(key)
        if path:
            return import_string(path)(as_of)
    return None


def recorded_ward_partners() -> int:
    """Municipalities (other than the wards) tied to a ward in the register."""
    from members.models import Municipality, MunicipalityKind

    from .models import Tie

    return (
        Municipality.objects.filter(pk__in=Tie.objects.active().partner_ids())
        .exclude(kind=MunicipalityKind.SPECIAL_WARD)
        .count()
    )


@memoize_per_stamp  # a body's page states it twice: beside the map and under its ties
def ward_partner_coverage() -> Coverage:
    return coverage_of(WARD_PARTNERS, recorded_ward_partners())


def coverage_of(key: str, recorded: int) -> Coverage:
    return Coverage(key=key, recorded=recorded, published=published(key))
