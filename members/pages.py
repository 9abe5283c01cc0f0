"""Sections that apps above `members` add to a municipality's public page.

`members` is the base layer and imports no app above it, yet a municipality's page should show its
agreement body (agreements) and its collaborations (bulletin). Those apps register a section here
from their AppConfig.ready(); the page renders whatever is registered, in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MunicipalitySection:
    template: str
    # municipality → the section's context, or None when it has nothing to show.
    context: Callable
    order: int = 100


_SECTIONS: dict[str, MunicipalitySection] = {}


def register_municipality_section(*, template: str, context: Callable, order: int = 100) -> None:
    _SECTIONS[template] = MunicipalitySection(template=template, context=context, order=order)


def municipality_sections(municipality) -> list[tuple[str, dict]]:
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.template)):
        context = section.context(municipality)
        if context is not None:
            shown.append((section.template, context))
    return shown
