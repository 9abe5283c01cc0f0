"""The board list's cards, each kept in the cache under everything it shows.

A card (templates/bulletin/includes/_proposal_card.html) is the same for every member who may
see the post, so a page of twenty cards renders only the cards that changed since any member's
last view: the key is a digest of the post's shown fields, its counts, the names it prints (the
municipality, the wanted wards, a call's target) in the page's language, and the release (a
template edit is a new release). No stamp to bump: a reply changes the card's counts, an edit its
fields, and so its key. Cards whose key is not in the cache are rendered and stored together.
"""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import release

from .models import Proposal

logger = logging.getLogger(__name__)

CARD_TEMPLATE = "bulletin/includes/_proposal_card.html"
CARD_TIMEOUT = 24 * 60 * 60  # seconds; bounds memory only (the key changes with the card)

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


def _place(place) -> tuple:
    return (place.pk, place.name, getattr(place, "romaji", None), getattr(place, "name_en", None))


def card_version(proposal) -> tuple:
    """Everything the card prints, as plain values (the proposal as for_listing() reads it, with
    attach_counts' counts and attach_places' places)."""
    municipality = proposal.municipality
    body = proposal.target_body
    return (
        tuple(getattr(proposal, name) for name in _SHOWN_FIELDS),
        _place(municipality),
        _place(municipality.prefecture),
        tuple(_place(ward) for ward in proposal.listed_wards),
        body.name if body is not None else None,
        tuple(_place(prefecture) for prefecture in proposal.listed_target_prefectures),
    )


def card_key(proposal, *, language: str, release_name: str) -> str:
    digest = hashlib.sha256(repr(card_version(proposal)).encode()).hexdigest()[:32]
    return f"bulletin:card:{release_name}:{language}:{digest}"


def render_cards(proposals) -> str:
    """The cards of these posts, in order: stored ones from the cache (one round trip), the
    others rendered (without the request: a card reads nothing of it, and so runs no context
    processor) and stored (one more)."""
    Proposal.objects.attach_places(proposals)
    language, release_name = get_language(), release.current()
    keys = [card_key(p, language=language, release_name=release_name) for p in proposals]
    try:
        stored = cache.get_many(keys)
    except Exception:  # the cache is down: render every card
        logger.exception("card cache unavailable")
        stored = {}
    template = get_template(CARD_TEMPLATE)
    rendered = {}
    for proposal, key in zip(proposals, keys, strict=True):
        if key not in stored:
            rendered[key] = template.render({"proposal": proposal})
    if rendered:
        try:
            cache.set_many(rendered, CARD_TIMEOUT)
        except Exception:  # serving the page matters more than keeping the cards
            logger.exception("card cache unavailable")
    return mark_safe("".join(stored.get(key) or rendered[key] for key in keys))  # noqa: S308
