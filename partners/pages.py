"""Sections that apps above `partners` add to each organisation in the public directory.

`partners` sits below `events` and `bulletin`, yet the directory shows the events and the
collaborations an organisation took part in. Those apps register a section here from their
AppConfig.ready(): `items` takes the organisations of one directory page and returns
{organisation id: [records with __str__ and get_absolute_url]} in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationSection:
    heading: str
    items: Callable
    order: int = 100


_SECTIONS: dict[str, OrganisationSection] = {}


def register_organisation_section(
    *, name: str, heading: str, items: Callable, order: int = 100
) -> None:
    _SECTIONS[name] = OrganisationSection(heading=heading, items=items, order=order)


def attach_sections(organisations: list) -> None:
    """Set `sections` on each organisation: [(heading, [items])], empty sections left out."""
    gathered = [
        (section.heading, section.items(organisations))
        for section in sorted(_SECTIONS.values(), key=lambda s: s.order)
    ]
    for organisation in organisations:
        organisation.sections = [
            (heading, found[organisation.pk])
            for heading, found in gathered
            if found.get(organisation.pk)
        ]
