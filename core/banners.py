"""Banners an app above asks the top page and the board to show (a disaster's 対策本部 while it
is open): registered in the app's ready(), rendered by `{% site_banners %}` (core_tags). App-free:
the registry holds the templates and callables, never imports an app."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Banner:
    template: str
    context: Callable  # (request) -> dict, or None for no banner
    order: int = 50


_banners: list[Banner] = []


def register_banner(*, template: str, context: Callable, order: int = 50) -> None:
    if any(banner.template == template for banner in _banners):
        return  # ready() may run twice in tests
    _banners.append(Banner(template, context, order))
    _banners.sort(key=lambda banner: banner.order)


def banners() -> list[Banner]:
    return list(_banners)
