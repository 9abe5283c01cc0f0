"""Who may do what in disaster mode. The services check again (bulletin.permissions.require)."""

from members.permissions import approved_membership, is_secretariat

from .models import Disaster, RequestState, SupportRequest


def can_view_headquarters(user) -> bool:
    """The 対策本部 pages: approved members and the secretariat."""
    return is_secretariat(user) or approved_membership(user) is not None


def can_manage(user) -> bool:
    """Declare, close, record the 復興支援金, propose a pairing: the secretariat (second factor)."""
    return is_secretariat(user)


def is_affected(disaster: Disaster, municipality) -> bool:
    """The municipality is named, or lies in a prefecture named, as affected."""
    return (
        disaster.municipalities.filter(pk=municipality.pk).exists()
        or disaster.prefectures.filter(pk=municipality.prefecture_id).exists()
    )


def can_request(user, disaster: Disaster) -> bool:
    """A member of an affected municipality, while the disaster is open."""
    membership = approved_membership(user)
    return (
        membership is not None
        and disaster.is_open
        and is_affected(disaster, membership.municipality)
    )


def acts_for_requester(user, request: SupportRequest) -> bool:
    membership = approved_membership(user)
    return membership is not None and membership.municipality_id == request.municipality_id


def ward_of(user):
    """The ward the user acts for, or None."""
    membership = approved_membership(user)
    if membership is None or not membership.municipality.is_special_ward:
        return None
    return membership.municipality


def can_commit(user, request: SupportRequest) -> bool:
    """Only wards commit, to a live request (not withdrawn, not archived) of an open disaster;
    a fulfilled request refuses by its arithmetic (nothing remains)."""
    return (
        ward_of(user) is not None
        and request.state != RequestState.WITHDRAWN
        and request.archived_at is None
        and request.disaster.is_open
    )


def can_report(user, disaster: Disaster) -> bool:
    """Each ward reports what it did (also after the disaster closes: late figures come in)."""
    return ward_of(user) is not None
