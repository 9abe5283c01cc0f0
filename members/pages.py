"""Sections that apps above `members` add to a municipality's public page.

`members` is the base layer and imports no app above it, yet a municipality's page should show its
agreement body (agreements) and its collaborations (bulletin). Those apps register a section here
from their AppConfig.ready(); the page renders whatever is registered, in order.

A section with `shown_to` (user → bool) is rendered only for the viewers it accepts, e.g. the
board's open proposals for members. The page itself is public and cached for visitors without a
session (core/public_cache.py), which never stores a page rendered for a logged-in user: an
anonymous render, the only kind ever stored, calls `shown_to` with an anonymous user.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MunicipalitySection:
    template: str
    # municipality → the section's context, or None when it has nothing to show.
    context: Callable
    order: int = 100
    # user → whether this viewer sees the section (None: everyone, the public included).
    shown_to: Callable | None = None


_SECTIONS: dict[str, MunicipalitySection] = {}


def register_municipality_section(
    *, template: str, context: Callable, order: int = 100, shown_to: Callable | None = None
) -> None:
    _SECTIONS[template] = MunicipalitySection(
        template=template, context=context, order=order, shown_to=shown_to
    )


def municipality_sections(municipality, user=None) -> list[tuple[str, dict]]:
    """The registered sections with something to show to this viewer (None: the public)."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.template)):
        if section.shown_to is not None and (user is None or not section.shown_to(user)):
            continue
        context = section.context(municipality)
        if context is not None:
            shown.append((section.template, context))
    return shown
