"""The board list's cards, each kept in the cache under everything it shows.

A card (templates/bulletin/includes/_proposal_card.html) is the same for every member who may
see the post, so a page of twenty cards renders only the cards that changed since any member's
last view: the key is a digest of the post's shown fields, its counts, the names it prints (the
municipality, the wanted wards, a call's target) in the page's language, and the release (a
template edit is a new release). No stamp to bump: a reply changes the card's counts, an edit its
fields, and so its key. Cards whose key is not in the cache are rendered and stored together.
"""

from core.fragments import place_values, render_each

from .models import Proposal

CARD_TEMPLATE = "bulletin/includes/_proposal_card.html"

# What the card shows of the post itself (the long texts are deferred in the list).
_SHOWN_FIELDS = (
    "pk",
    "title",
    "status",
    "is_hidden",
    "direction",
    "field",
    "kind",
    "any_ward",
    "fiscal_year",
    "period_start",
    "period_end",
    "created_at",
    "target_region",
    "target_kind",
    "reply_count",
    "hand_count",
)


def card_version(proposal) -> tuple:
    """Everything the card prints, as plain values (the proposal as for_listing() reads it, with
    attach_counts' counts and attach_places' places)."""
    municipality = proposal.municipality
    body = proposal.target_body
    return (
        tuple(getattr(proposal, name) for name in _SHOWN_FIELDS),
        place_values(municipality),
        place_values(municipality.prefecture),
        tuple(place_values(ward) for ward in proposal.listed_wards),
        body.name if body is not None else None,
        tuple(place_values(prefecture) for prefecture in proposal.listed_target_prefectures),
    )


def render_cards(proposals) -> str:
    """The cards of these posts, in order (core/fragments.py: the cards that changed are
    rendered, the others come from the cache)."""
    Proposal.objects.attach_places(proposals)
    return render_each(
        CARD_TEMPLATE, proposals, name="proposal", version=card_version, prefix="bulletin:card"
    )
