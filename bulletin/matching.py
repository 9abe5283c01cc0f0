"""Who hears of a post, and what fits a member: plain rules, each tested on its own.

- `post_recipients(post)`: the members a new proposal or call is announced to (the fan-out).
- `reasons_for(...)`: why a post fits a member, as `Reason` codes (labels 分野が一致, …).
- `suggestions_for(user)`: the board home's ranked suggestions, each with its reasons.
- `dormant_ties(ward)`: municipalities a ward has ties with but no current project.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import KINDS_REPRESENTED, AgreementBody
from core.dates import fiscal_year_of
from members.models import Membership, MembershipStatus, Municipality, MunicipalityKind
from members.permissions import approved_membership
from network.models import Tie
from partners.models import PartnerMembership

from .models import (
    Collaboration,
    InterestProfile,
    Proposal,
    ProposalStatus,
)


class Reason(models.TextChoices):
    """Why a post fits a member: a stable code, its label translated only when shown (a lazy
    label is no dictionary key: its hash changes with the active language)."""

    TIE = "tie", _("既存の交流あり")
    BODY = "body", _("協定団体の構成自治体")
    FIELD = "field", _("分野が一致")
    REGION = "region", _("同じ地方")


REASON_FIELD = Reason.FIELD
REASON_TIE = Reason.TIE
REASON_BODY = Reason.BODY
REASON_REGION = Reason.REGION

# How much each reason weighs in the ranking (ties first: they are the likeliest to act).
WEIGHTS = {Reason.TIE: 4, Reason.BODY: 2, Reason.FIELD: 2, Reason.REGION: 1}
SUGGESTION_CANDIDATES = 100


@dataclass(frozen=True)
class Interest:
    """An interest profile as plain sets; an empty set means "any"."""

    fields: frozenset = frozenset()
    kinds: frozenset = frozenset()
    regions: frozenset = frozenset()
    prefecture_ids: frozenset = frozenset()
    body_ids: frozenset = frozenset()

    @classmethod
    def of(cls, profile: InterestProfile | None) -> "Interest | None":
        if profile is None:
            return None
        return cls(
            fields=frozenset(profile.fields or ()),
            kinds=frozenset(profile.kinds or ()),
            regions=frozenset(profile.regions or ()),
            prefecture_ids=frozenset(p.pk for p in profile.prefectures.all()),
            body_ids=frozenset(b.pk for b in profile.bodies.all()),
        )


@dataclass(frozen=True)
class BodyKey:
    """An agreement body as what membership depends on: a prefecture and the kinds it represents."""

    pk: int
    prefecture_id: int
    kinds: tuple

    def includes(self, municipality: Municipality) -> bool:
        return municipality.prefecture_id == self.prefecture_id and municipality.kind in self.kinds


def body_keys() -> list[BodyKey]:
    return [
        BodyKey(pk, prefecture_id, tuple(KINDS_REPRESENTED[kind]))
        for pk, prefecture_id, kind in AgreementBody.objects.values_list(
            "pk", "prefecture_id", "kind"
        )
    ]


def member_of_body(municipality: Municipality, bodies: list[BodyKey], only=frozenset()) -> bool:
    return any(body.includes(municipality) for body in bodies if not only or body.pk in only)


def matches_interest(
    interest: Interest | None, post: Proposal, author_place: Municipality, bodies: list[BodyKey]
) -> bool:
    """Does a post fit a profile? No profile: yes (the member is in the post's audience already).

    Field and kind apply to both directions; the places (regions, prefectures, bodies) describe
    where a proposal comes from, so they apply to proposals only (a call always comes from Tokyo).
    """
    if interest is None:
        return True
    if interest.fields and post.field not in interest.fields:
        return False
    if interest.kinds and post.kind not in interest.kinds:
        return False
    if post.is_call:
        return True
    if interest.regions or interest.prefecture_ids:
        prefecture = author_place.prefecture
        if not (prefecture.region in interest.regions or prefecture.pk in interest.prefecture_ids):
            return False
    return not interest.body_ids or member_of_body(author_place, bodies, interest.body_ids)


def target_q(
    *, body: AgreementBody | None, prefecture_ids=(), region: str = "", kind: str = "", prefix=""
) -> Q:
    """The municipalities (not wards) a call's target names, as a filter on Municipality: those
    that meet every condition given (an agreement body AND prefectures AND a region AND a kind);
    no condition, every municipality."""
    q = ~Q(**{f"{prefix}kind": MunicipalityKind.SPECIAL_WARD})
    if body is not None:
        q &= Q(
            **{
                f"{prefix}prefecture_id": body.prefecture_id,
                f"{prefix}kind__in": KINDS_REPRESENTED[body.kind],
            }
        )
    prefecture_ids = list(prefecture_ids)
    if prefecture_ids:
        q &= Q(**{f"{prefix}prefecture_id__in": prefecture_ids})
    if region:
        q &= Q(**{f"{prefix}prefecture__region": region})
    if kind:
        q &= Q(**{f"{prefix}kind": kind})
    return q


def call_target_q(post: Proposal, prefix: str = "") -> Q:
    """The municipalities (not wards) a call is addressed to, as a filter on Municipality."""
    return target_q(
        body=post.target_body if post.target_body_id else None,
        prefecture_ids=[p.pk for p in post.target_prefectures.all()],
        region=post.target_region,
        kind=post.target_kind,
        prefix=prefix,
    )


class Reach(NamedTuple):
    municipalities: int
    members: int


def call_reach(
    *, body: AgreementBody | None, prefecture_ids=(), region: str = "", kind: str = ""
) -> Reach:
    """How many municipalities a call's target names, and how many approved members they have
    (the most it can be announced to; each member's interests narrow it further). Two queries."""
    q = target_q(body=body, prefecture_ids=prefecture_ids, region=region, kind=kind)
    members = Membership.objects.filter(
        target_q(
            body=body,
            prefecture_ids=prefecture_ids,
            region=region,
            kind=kind,
            prefix="municipality__",
        ),
        status=MembershipStatus.APPROVED,
        user__is_active=True,
    )
    return Reach(Municipality.objects.filter(q).count(), members.count())


def _audience_memberships(post: Proposal):
    """Approved, active members of the municipalities a post is addressed to."""
    memberships = Membership.objects.filter(
        status=MembershipStatus.APPROVED, user__is_active=True
    ).exclude(municipality_id=post.municipality_id)
    if post.is_call:
        return memberships.filter(call_target_q(post, "municipality__"))
    memberships = memberships.filter(municipality__kind=MunicipalityKind.SPECIAL_WARD)
    if not post.any_ward:
        memberships = memberships.filter(municipality__in=post.wards.all())
    return memberships


class Recipient(NamedTuple):
    pk: int
    email: str
    municipality_id: int | None  # None: a partner organisation's member


def _partner_rows(post: Proposal, *, after: int = 0, size: int | None = None) -> list[Recipient]:
    """Approved members of partner organisations, for a post opened to partners (none else)."""
    if not post.welcomes_partners:
        return []
    rows = (
        PartnerMembership.objects.approved()
        .filter(user_id__gt=after, user__membership__isnull=True)
        .order_by("user_id")
        .values_list("user_id", "user__email")
    )
    return [Recipient(pk, email, None) for pk, email in (rows[:size] if size else rows)]


def post_recipients(post: Proposal) -> list[Recipient]:
    """Every member a new post is announced to: in its audience, and matching their profile
    (their own, else their municipality's). A constant number of queries, whatever the count;
    plain rows, not model instances (a fan-out may reach a thousand members)."""
    audience = _audience_memberships(post)
    rows = [
        Recipient(*row)
        for row in audience.order_by("user_id").values_list(
            "user_id", "user__email", "municipality_id"
        )
    ]
    partner_rows = _partner_rows(post)
    if partner_rows:
        # Few: their own profiles by id, beside the members' (the audience's subquery).
        return _fitting(
            post,
            rows + partner_rows,
            user_ids=[row.pk for row in rows + partner_rows],
            municipality_ids=sorted({row.municipality_id for row in rows}),
        )
    if not rows:
        return []
    # The profiles of the audience, selected by the audience's own query (a subquery), not by a
    # list of a thousand ids that Django and PostgreSQL would each go through one by one.
    return _fitting(
        post,
        rows,
        user_ids=audience.values("user_id"),
        municipality_ids=audience.values("municipality_id"),
    )


def post_recipients_batch(post: Proposal, *, after: int, size: int) -> tuple[int | None, list]:
    """The next `size` members of the post's audience by user id, after the user id `after`:
    (the last user id read, or None when the audience is done; those of them the post fits).
    The fan-out worker goes through the audience this way; the same few queries per batch."""
    rows = [
        Recipient(*row)
        for row in _audience_memberships(post)
        .filter(user_id__gt=after)
        .order_by("user_id")
        .values_list("user_id", "user__email", "municipality_id")[:size]
    ]
    # Partners' members in the same order of user ids, so the one cursor goes through both.
    rows = sorted(rows + _partner_rows(post, after=after, size=size))[:size]
    if not rows:
        return None, []
    return rows[-1].pk, _fitting(
        post,
        rows,
        user_ids=sorted({row.pk for row in rows}),
        municipality_ids=sorted({row.municipality_id for row in rows if row.municipality_id}),
    )


def _fitting(post: Proposal, rows: list[Recipient], *, user_ids, municipality_ids) -> list:
    """Those of `rows` whose profile (their own, else their municipality's) the post fits."""
    own = {
        p.user_id: Interest.of(p)
        for p in InterestProfile.objects.with_choices().filter(user_id__in=user_ids)
    }
    defaults = {
        p.municipality_id: Interest.of(p)
        for p in InterestProfile.objects.with_choices().filter(municipality_id__in=municipality_ids)
    }
    author_place = post.municipality
    bodies = body_keys() if not post.is_call else []
    recipients = []
    for recipient in rows:
        interest = own.get(recipient.pk) or defaults.get(recipient.municipality_id)
        if matches_interest(interest, post, author_place, bodies):
            recipients.append(recipient)
    return recipients


def interest_of(user, municipality: Municipality) -> Interest | None:
    """The member's own profile, else their municipality's (one query, and two for the choices
    when there is a profile)."""
    profiles = list(
        InterestProfile.objects.with_choices().filter(Q(user=user) | Q(municipality=municipality))
    )
    own = [p for p in profiles if p.user_id == user.pk]
    return Interest.of((own or profiles or [None])[0])


@dataclass
class Viewer:
    """What the reasons need to know about the member looking at the board."""

    municipality: Municipality
    interest: Interest | None
    tie_partner_ids: set = field(default_factory=set)  # municipalities (or wards) tied to it
    bodies: list = field(default_factory=list)


def viewer_for(user) -> Viewer | None:
    membership = approved_membership(user)
    if membership is None:
        return None
    municipality = membership.municipality
    if municipality.is_special_ward:
        partners = Tie.objects.partner_ids_of(municipality)
    else:
        partners = set(
            Tie.objects.active().involving(municipality).values_list("ward_id", flat=True)
        )
    return Viewer(
        municipality=municipality,
        interest=interest_of(user, municipality),
        tie_partner_ids=partners,
        bodies=body_keys(),
    )


def reasons_for(post: Proposal, viewer: Viewer) -> list[Reason]:
    """Why a post fits the viewer, as reason codes, strongest first."""
    reasons = []
    interest = viewer.interest
    other = post.municipality
    if other.pk in viewer.tie_partner_ids:
        reasons.append(REASON_TIE)
    if post.is_call:
        in_body = post.target_body_id and member_of_body(
            viewer.municipality, viewer.bodies, frozenset([post.target_body_id])
        )
    else:
        only = interest.body_ids if interest else frozenset()
        in_body = member_of_body(other, viewer.bodies, only)
    if in_body:
        reasons.append(REASON_BODY)
    if interest and interest.fields and post.field in interest.fields:
        reasons.append(REASON_FIELD)
    region = other.prefecture.region
    if interest and (interest.regions or interest.prefecture_ids):
        same_region = region in interest.regions or other.prefecture_id in interest.prefecture_ids
    else:
        same_region = region == viewer.municipality.prefecture.region
    if same_region:
        reasons.append(REASON_REGION)
    return reasons


@dataclass
class Suggestion:
    post: Proposal
    reasons: list
    score: int


def addressed_to(municipality: Municipality):
    """Open posts of others addressed to this municipality: proposals for a ward, calls for the
    rest."""
    posts = Proposal.objects.open().filter(is_hidden=False).exclude(municipality=municipality)
    if municipality.is_special_ward:
        return posts.wanted_by_ward(municipality)
    return posts.calling(municipality)


def suggestions_for(user, *, limit: int = 5) -> list[Suggestion]:
    """Posts that fit the member, ranked by their reasons (then newest); only those with a reason.

    Reads the newest open posts addressed to the member (a bounded number) and ranks them in
    Python, so the cost does not grow with the board.
    """
    viewer = viewer_for(user)
    if viewer is None:
        return []
    candidates = list(
        addressed_to(viewer.municipality)
        .select_related("municipality__prefecture")
        .only(
            "pk",
            "title",
            "field",
            "kind",
            "direction",
            "status",
            "created_at",
            "target_body_id",
            "municipality__name",
            "municipality__kind",
            "municipality__prefecture__name",
            "municipality__prefecture__region",
            "municipality__prefecture_id",
        )
        .order_by("-created_at", "-pk")[:SUGGESTION_CANDIDATES]
    )
    scored = []
    for post in candidates:
        if not matches_interest(viewer.interest, post, post.municipality, viewer.bodies):
            continue
        reasons = reasons_for(post, viewer)
        if reasons:
            scored.append(Suggestion(post, reasons, sum(WEIGHTS[r] for r in reasons)))
    scored.sort(key=lambda s: (-s.score, -s.post.created_at.timestamp(), -s.post.pk))
    return scored[:limit]


def dormant_ties(ward: Municipality) -> list[Municipality]:
    """Municipalities tied to the ward with no current project: no open or coordinating post of
    theirs, and no collaboration with this ward in this fiscal year or the last."""
    partner_ids = Tie.objects.partner_ids_of(ward)
    if not partner_ids:
        return []
    busy = set(
        Proposal.objects.filter(
            municipality_id__in=partner_ids,
            status__in=[ProposalStatus.OPEN, ProposalStatus.COORDINATING],
        ).values_list("municipality_id", flat=True)
    )
    this_year = fiscal_year_of(timezone.localdate())
    busy |= set(
        Collaboration.municipalities.through.objects.filter(
            municipality_id__in=partner_ids,
            collaboration__fiscal_year__gte=this_year - 1,
            collaboration__wards=ward,
        ).values_list("municipality_id", flat=True)
    )
    return list(
        Municipality.objects.filter(pk__in=partner_ids - busy)
        .select_related("prefecture")
        .order_by("code")
    )
