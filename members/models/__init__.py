"""Models of the members app, split by domain: the register, accounts and membership, PR pages."""

from .accounts import (
    MemberMunicipality,
    Membership,
    MembershipQuerySet,
    MembershipStatus,
    User,
    UserManager,
)
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
    "PRPage",
    "PRPhoto",
    "Prefecture",
    "Region",
    "User",
    "UserManager",
]
