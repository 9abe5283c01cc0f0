"""Models of the members app, split by domain: the register, accounts and membership, PR pages,
and the outbox every mail goes through."""

from .accounts import (
    MemberMunicipality,
    Membership,
    MembershipQuerySet,
    MembershipStatus,
    User,
    UserManager,
)
from .outbox import OutgoingEmail, OutgoingEmailQuerySet
from .pr import PRPage, PRPhoto
from .register import (
    Municipality,
    MunicipalityKind,
    MunicipalityQuerySet,
    Prefecture,
    Region,
)

__all__ = [
    "MemberMunicipality",
    "Membership",
    "MembershipQuerySet",
    "MembershipStatus",
    "Municipality",
    "MunicipalityKind",
    "MunicipalityQuerySet",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "PRPage",
    "PRPhoto",
    "Prefecture",
    "Region",
    "User",
    "UserManager",
]
