"""What the site search looks in, one group per kind of record.

Each group is a queryset built from the apps' own QuerySet methods where they exist
(`Municipality.objects.matching`, `Event.objects.matching`, `Proposal.objects.search`), so a word
matches here as it does on that list's page. `icontains`/`contains` works for Japanese on SQLite
and PostgreSQL alike, including two-character words (観光, 白糠); every word must match.
The board is searched only for approved members and the secretariat, through its bigram index.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody
from bulletin.models import Collaboration, Proposal
from bulletin.permissions import can_use_board
from events.models import Event, EventKind
from members.models import Municipality
from record.models import TimelineEntry


def _every_word(queryset, words, condition: Callable[[str], Q]):
    for word in words:
        queryset = queryset.filter(condition(word))
    return queryset


def municipalities(words, user):
    queryset = Municipality.objects.for_listing().with_member_flag()
    for word in words:
        queryset = queryset.matching(word)
    return queryset


def events(words, user):
    def condition(word):
        kinds = [value for value, label in EventKind.choices if word in str(label)]
        return (
            Q(title__icontains=word)
            | Q(theme__icontains=word)
            | Q(summary__icontains=word)
            | Q(venue__icontains=word)
            | Q(kind__in=kinds)
        )

    return _every_word(Event.objects.for_listing(), words, condition)


def timeline(words, user):
    return _every_word(
        TimelineEntry.objects.latest_first(),
        words,
        lambda w: Q(title__icontains=w) | Q(details__icontains=w) | Q(organ__icontains=w),
    )


def agreement_bodies(words, user):
    return _every_word(
        AgreementBody.objects.with_member_count().order_by("signed_on", "prefecture__code"),
        words,
        lambda w: Q(name__icontains=w) | Q(prefecture__name__contains=w) | Q(note__icontains=w),
    )


def collaborations(words, user):
    partners = Collaboration.municipalities.through.objects
    wards = Collaboration.wards.through.objects

    def condition(word):
        return (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(area_name__icontains=word)
            | Q(prefecture__name__contains=word)
            | Exists(
                partners.filter(collaboration=OuterRef("pk"), municipality__name__contains=word)
            )
            | Exists(wards.filter(collaboration=OuterRef("pk"), municipality__name__contains=word))
        )

    return _every_word(Collaboration.objects.for_listing(), words, condition)


def board(words, user):
    if not can_use_board(user):
        return None
    return Proposal.objects.visible_to(user).for_listing().search(" ".join(words))


def board_in_order(words, user):
    """A common word: the newest proposals read in order, keeping those with the words."""
    return (
        Proposal.objects.visible_to(user).for_listing().search(" ".join(words), through_index=False)
    )


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    find: Callable
    capped: bool = False  # count only up to the cap (the board can hold 100,000 proposals)


KINDS = [
    Kind("municipalities", _("自治体"), municipalities),
    Kind("events", _("イベント・展示"), events),
    Kind("timeline", _("これまでの経過"), timeline),
    Kind("agreements", _("協定締結団体"), agreement_bodies),
    Kind("collaborations", _("連携事業"), collaborations),
    Kind("board", _("連携提案掲示板（会員のみ）"), board, capped=True),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
