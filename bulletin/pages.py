"""A municipality's collaborations and (to members) open posts on its page (registered with
members.pages)."""

OPEN_POSTS_SHOWN = 20


def collaborations_section(municipality) -> dict:
    """Its collaborations (those born on the board and those the documents record), on every
    page: an empty state says none is recorded yet."""
    from .models import Collaboration

    return {
        "collaborations": list(Collaboration.objects.involving(municipality).for_listing()[:20])
    }


def open_posts_section(municipality) -> dict | None:
    """The municipality's open proposals (a ward's: its open calls) on the board, for members
    only: registered with shown_to, so the public page and its cached copy never carry them."""
    from .models import Proposal

    posts = list(Proposal.objects.open_posts_of(municipality)[:OPEN_POSTS_SHOWN])
    return {"posts": posts} if posts else None


# Sections that apps above the board add to a proposal's page (the roundtable's 「円卓会議の議題
# から」): registered from their AppConfig.ready(), so the board imports none of them.
_PROPOSAL_SECTIONS: dict[str, object] = {}


def register_proposal_section(*, template: str, context) -> None:
    """`context`: proposal → the section's context, or None when it has nothing to show."""
    _PROPOSAL_SECTIONS[template] = context


def proposal_sections(proposal) -> list[tuple[str, dict]]:
    shown = []
    for template, context in sorted(_PROPOSAL_SECTIONS.items()):
        found = context(proposal)
        if found is not None:
            shown.append((template, found))
    return shown
