"""Sections that apps above `members` add to the member's マイページ (what waits for them).

`members` is the base layer and imports no app above it, yet マイページ is the member's desk: the
rooms with unread messages, the municipality's open posts, the event registrations, the ward's
ties… Those apps register a section here from their AppConfig.ready(), as they do for a
municipality's page (members/pages.py); the page renders whatever is registered, in order.

A section's `context` takes the user and returns the section's context, or None when the section
does not apply to this user (e.g. the ward's ties for a town's member). Each section reads a fixed
number of queries, whatever the number of items, and shows at most a few items with the count and a
link to its full list.
"""

from collections.abc import Callable
from dataclasses import dataclass

# Items a section shows; the count and the link to the full list say the rest.
ITEMS_SHOWN = 5
# A section counts up to this many (and shows "100+" beyond): a busy board has thousands of open
# posts addressed to a ward, and counting them all would cost the page more than the rest.
COUNT_CAP = 100


def _capped(count: int) -> dict:
    return {"count": min(count, COUNT_CAP), "count_more": count > COUNT_CAP}


def first_items(queryset) -> tuple[list, dict]:
    """The first ITEMS_SHOWN items and the count of all of them (as capped_count gives it), in
    two queries whose cost does not grow with the member's items: the list's first
    COUNT_CAP + 1 ids in the list's order (only the ids, so the database stops there), then the
    shown rows with everything joined. (One query with a window over the whole list counted and
    joined every item: 9-14 ms for a ward's 1,285 hands at 100,000 proposals; one with the window
    over a capped subquery cost more to compile and plan than the two.)"""
    ids = list(queryset.values_list("pk", flat=True)[: COUNT_CAP + 1])
    rows = list(queryset.filter(pk__in=ids[:ITEMS_SHOWN])) if ids else []
    return rows, _capped(len(ids))


def capped_count(queryset) -> dict:
    """{"count": at most COUNT_CAP, "count_more": whether there are more}: one query that stops
    counting after COUNT_CAP + 1 rows."""
    return _capped(queryset[: COUNT_CAP + 1].count())


@dataclass(frozen=True)
class MyPageSection:
    template: str
    # user → the section's context, or None when the section does not apply to the user.
    context: Callable
    order: int = 100


_SECTIONS: dict[str, MyPageSection] = {}


# The template most sections use: a heading, a few linked items, the count and the full list.
LIST_TEMPLATE = "members/includes/_mypage_section.html"


def register_mypage_section(
    *, context: Callable, template: str = LIST_TEMPLATE, order: int = 100, name: str = ""
) -> None:
    """Register a section (under `name`, by default its template: several sections may share
    the list template, each under its own name)."""
    _SECTIONS[name or template] = MyPageSection(template=template, context=context, order=order)


def mypage_sections(user) -> list[tuple[str, dict]]:
    """The registered sections that apply to this user, in order."""
    shown = []
    for _name, section in sorted(_SECTIONS.items(), key=lambda kv: (kv[1].order, kv[0])):
        context = section.context(user)
        if context is not None:
            shown.append((section.template, context))
    return shown
