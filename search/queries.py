"""What the site search looks in, one group per kind of record.

Each group is a queryset built from the apps' own QuerySet methods where they exist
(`Municipality.objects.matching`, `Event.objects.matching`, `Proposal.objects.search`), so a word
matches here as it does on that list's page. `icontains`/`contains` works for Japanese on SQLite
and PostgreSQL alike, including two-character words (観光, 白糠); every word must match.
The board (proposals, and the wards' calls for members in a group of their own) is searched only
for approved members and the secretariat, through its bigram index. Each group reads a page of
rows with its related rows in a fixed number of queries, however many rows match.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody, CorporateAgreement
from bulletin.models import Collaboration, Proposal
from bulletin.permissions import can_use_board, is_partner
from disaster.public_record import public_disasters
from events.models import Event, EventKind
from members.models import Municipality, PRPage
from network.models import Tie, TieKind
from record.models import (
    NewsItem,
    NewsletterIssue,
    Publication,
    StrategyPosition,
    TimelineEntry,
)
from surveys.models import Question, Survey


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
            # A member municipality's own event is found by its name too (坂井市 物産展).
            | Q(host_municipality__name__contains=word)
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


def _any_field(*fields):
    def condition(word):
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": word})
        return q

    return condition


def disaster_support(words, user):
    """Every disaster of the public record, declared on the portal or from the documents."""

    def condition(word):
        return _any_field(
            "name",
            "documented_support__recipients",
            "documented_support__support_kinds",
            "documented_support__details",
        )(word) | Q(published_funds__recipients__icontains=word)

    return _every_word(public_disasters(), words, condition).distinct()


def newsletters(words, user):
    return _every_word(
        NewsletterIssue.objects.order_by("-number"), words, _any_field("title", "summary")
    )


def library(words, user):
    # The text is searched but not read: a result shows the title, the summary and a link.
    return _every_word(
        Publication.objects.for_listing(), words, _any_field("title", "summary", "text")
    )


def news(words, user):
    return _every_word(
        NewsItem.objects.public().latest_first(),
        words,
        _any_field("title", "body"),
    )


def corporate_agreements(words, user):
    return _every_word(
        CorporateAgreement.objects.order_by("signed_on", "pk"),
        words,
        _any_field("company", "former_name", "initiatives", "areas"),
    )


def policy_positions(words, user):
    return _every_word(
        StrategyPosition.objects.order_by("-decided_on", "pk"),
        words,
        _any_field("title", "excerpt"),
    )


def pr_pages(words, user):
    return _every_word(
        PRPage.objects.select_related("municipality__prefecture").order_by("municipality__code"),
        words,
        lambda w: (
            _any_field("catchphrase", "introduction", "tourism", "specialties", "events")(w)
            | Q(municipality__name__contains=w)
        ),
    )


def ties(words, user):
    partners = Tie.municipalities.through.objects

    def condition(word):
        kinds = [value for value, label in TieKind.choices if word in str(label)]
        return (
            Q(area_name__icontains=word)
            | Q(note__icontains=word)
            | Q(source__icontains=word)
            | Q(ward__name__contains=word)
            | Q(body__name__contains=word)
            | Q(kind__in=kinds)
            | Exists(partners.filter(tie=OuterRef("pk"), municipality__name__contains=word))
        )

    return _every_word(Tie.objects.active().for_listing(), words, condition)


def surveys(words, user):
    """Published surveys' results, found by the title, the description or a question."""

    def condition(word):
        return (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Exists(Question.objects.filter(survey=OuterRef("pk"), text__icontains=word))
        )

    return _every_word(Survey.objects.published().for_listing(), words, condition)


def board(words, user):
    if not can_use_board(user):
        return None
    return Proposal.objects.visible_to(user).proposals().for_listing().search(" ".join(words))


def calls(words, user):
    """The wards' calls (募集), for approved members and the secretariat only."""
    if not can_use_board(user):
        return None
    return Proposal.objects.visible_to(user).calls().for_listing().search(" ".join(words))


def board_in_order(words, user):
    """A common word: the newest proposals read in order, keeping those with the words."""
    return (
        Proposal.objects.visible_to(user)
        .proposals()
        .for_listing()
        .search(" ".join(words), through_index=False)
    )


def calls_in_order(words, user):
    return (
        Proposal.objects.visible_to(user)
        .calls()
        .for_listing()
        .search(" ".join(words), through_index=False)
    )


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    find: Callable
    capped: bool = False  # count only up to the cap (the board can hold 100,000 proposals)
    # A capped kind's rows read newest first without the index, for a word in very many rows.
    in_order: Callable | None = None
    # How the group is named to a partner organisation's member, who is not a 会員 and sees
    # only the posts opened to partners (None: the same label as for everyone).
    partner_label: str | None = None

    def label_for(self, user) -> str:
        if self.partner_label is not None and is_partner(user):
            return self.partner_label
        return self.label


KINDS = [
    Kind("municipalities", _("自治体"), municipalities),
    Kind("events", _("イベント・展示"), events),
    Kind("timeline", _("これまでの経過"), timeline),
    Kind("agreements", _("協定締結団体"), agreement_bodies),
    Kind("corporate", _("民間企業との包括連携協定"), corporate_agreements),
    Kind("collaborations", _("連携事業"), collaborations),
    Kind("ties", _("交流関係"), ties),
    Kind("disaster", _("災害支援"), disaster_support),
    Kind("policy", _("国の戦略等での位置づけ"), policy_positions),
    Kind("news", _("お知らせ"), news),
    Kind("newsletters", _("全国連携NEWS"), newsletters),
    Kind("library", _("刊行物・資料"), library),
    Kind("surveys", _("アンケート結果"), surveys),
    Kind("pr", _("自治体情報のPR"), pr_pages),
    Kind(
        "board",
        _("連携提案掲示板（会員のみ）"),
        board,
        capped=True,
        in_order=board_in_order,
        partner_label=_("連携提案掲示板（民間・団体の参加を歓迎）"),
    ),
    Kind(
        "calls",
        _("区からの募集（会員のみ）"),
        calls,
        capped=True,
        in_order=calls_in_order,
        partner_label=_("区からの募集（民間・団体の参加を歓迎）"),
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
