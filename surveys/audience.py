"""Who a survey is for, and how many of them have answered (by body and by region)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from agreements.models import KINDS_REPRESENTED, AgreementBody
from members.models import Membership, Municipality, Region
from members.permissions import approved_membership
from partners.models import OrganisationKind, PartnerMembership, PartnerOrganisation
from partners.permissions import partner_membership

from .models import Audience, RespondentKind, Survey


def _approved_members():
    return Membership.objects.approved()


def audience_municipalities(survey: Survey):
    """The member municipalities (with an approved, active member) the survey is for."""
    if survey.audience == Audience.PARTNERS:
        return Municipality.objects.none()
    municipalities = Municipality.objects.filter(
        Exists(_approved_members().filter(municipality=OuterRef("pk")))
    )
    if survey.audience == Audience.WARDS:
        municipalities = municipalities.special_wards()
    elif survey.audience == Audience.BODY:
        municipalities = municipalities.filter(pk__in=survey.body.members().values("pk"))
    return municipalities.select_related("prefecture").order_by("code")


def audience_organisations(survey: Survey):
    """The partner organisations (with an approved, active member) a partners' survey is for."""
    if survey.audience != Audience.PARTNERS:
        return PartnerOrganisation.objects.none()
    return PartnerOrganisation.objects.filter(
        Exists(PartnerMembership.objects.approved().filter(organisation=OuterRef("pk")))
    ).order_by("kind", "name", "pk")


def audience_memberships(survey: Survey):
    """The approved members of those municipalities (or organisations): whom the invitations go
    to."""
    if survey.audience == Audience.PARTNERS:
        return (
            PartnerMembership.objects.approved()
            .select_related("user", "organisation")
            .order_by("organisation__kind", "organisation__name", "pk")
        )
    return (
        _approved_members()
        .filter(municipality__in=audience_municipalities(survey).values("pk"))
        .select_related("user", "municipality__prefecture")
        .order_by("municipality__code", "pk")
    )


def respondent_of(user) -> tuple:
    """(municipality, partner organisation) the user answers for: one of them, or (None, None)."""
    membership = approved_membership(user)
    if membership is not None:
        return membership.municipality, None
    partner = partner_membership(user)
    if partner is not None:
        return None, partner.organisation
    return None, None


def can_answer_surveys(user) -> bool:
    """An approved member of a municipality or of a partner organisation."""
    return any(respondent_of(user))


def in_audience(survey: Survey, user) -> bool:
    if survey.audience == Audience.PARTNERS:
        return partner_membership(user) is not None
    membership = approved_membership(user)
    if membership is None:
        return False
    municipality = membership.municipality
    if survey.audience == Audience.WARDS:
        return municipality.is_special_ward
    if survey.audience == Audience.BODY:
        return (
            municipality.prefecture_id == survey.body.prefecture_id
            and municipality.kind in KINDS_REPRESENTED[survey.body.kind]
        )
    return True


def body_lookup() -> dict:
    """(prefecture id, municipality kind) → the agreement body representing it."""
    lookup = {}
    for body in AgreementBody.objects.all():
        for kind in KINDS_REPRESENTED[body.kind]:
            lookup[(body.prefecture_id, kind)] = body
    return lookup


def body_label(municipality, bodies: dict) -> str:
    body = bodies.get((municipality.prefecture_id, municipality.kind))
    return body.name if body else _("協定締結団体以外")


def partner_label(kind: str) -> str:
    """A partner organisation's group in a breakdown, by its kind: 連携団体（企業）…"""
    return _("連携団体（%(kind)s）") % {"kind": OrganisationKind(kind).label}


def unit_key(survey: Survey, membership) -> str:
    """The respondent key an audience member's answer is stored under."""
    if survey.respondent == RespondentKind.MEMBER:
        return f"u{membership.user_id}"
    if survey.audience == Audience.PARTNERS:
        return f"o{membership.organisation_id}"
    return f"m{membership.municipality.code}"


@dataclass
class RateRow:
    label: str
    audience: int
    answered: int

    @property
    def percent(self):
        from .results import percentage

        return percentage(self.answered, self.audience)


@dataclass
class ResponseRates:
    total: RateRow
    by_body: list[RateRow]
    by_region: list[RateRow]


def response_rates(survey: Survey) -> ResponseRates:
    """The audience and how much of it answered: in all, per agreement body, per region. A
    survey answered per member counts members; per municipality, municipalities."""
    answered_keys = set(survey.responses.values_list("respondent_key", flat=True))
    by_body, by_region = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    if survey.audience == Audience.PARTNERS:
        # Partners have neither a body nor a region: their one breakdown is by kind of
        # organisation, in the body's table.
        if survey.respondent == RespondentKind.MEMBER:
            units = [(f"u{m.user_id}", m.organisation) for m in audience_memberships(survey)]
        else:
            units = [(f"o{o.pk}", o) for o in audience_organisations(survey)]
        for key, organisation in units:
            by_body[partner_label(organisation.kind)][0] += 1
            by_body[partner_label(organisation.kind)][1] += key in answered_keys
    else:
        if survey.respondent == RespondentKind.MEMBER:
            units = [
                (f"u{membership.user_id}", membership.municipality)
                for membership in audience_memberships(survey)
            ]
        else:
            units = [(f"m{m.code}", m) for m in audience_municipalities(survey)]
        bodies = body_lookup()
        for key, municipality in units:
            done = key in answered_keys
            for table, label in (
                (by_body, body_label(municipality, bodies)),
                (by_region, municipality.prefecture.region),
            ):
                table[label][0] += 1
                table[label][1] += done
    region_labels = dict(Region.choices)
    return ResponseRates(
        total=RateRow(_("合計"), len(units), sum(key in answered_keys for key, _m in units)),
        by_body=[RateRow(label, *counts) for label, counts in sorted(by_body.items())],
        by_region=[
            RateRow(str(region_labels[region]), *by_region[region])
            for region in Region.values
            if region in by_region
        ],
    )


def unanswered_memberships(survey: Survey):
    """The audience's members whose answer is still missing (the reminder's addressees)."""
    answered = set(survey.responses.values_list("respondent_key", flat=True))
    for membership in audience_memberships(survey):
        if unit_key(survey, membership) not in answered:
            yield membership
