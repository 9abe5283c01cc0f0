"""Who may do what in the directory. Views refuse; services check again."""

from members.permissions import acts_for, approved_membership, is_secretariat, is_ward_member

from .models import Offer, OfferRequest


def can_browse(user) -> bool:
    """The directory is for approved members and the secretariat."""
    return is_secretariat(user) or approved_membership(user) is not None


def can_offer(user) -> bool:
    """The wards list what they lend."""
    return is_ward_member(user)


def can_edit_offer(user, offer: Offer) -> bool:
    return acts_for(user, offer.ward)


def can_request(user, offer: Offer) -> bool:
    """Any approved member but the offering ward's, while the offer is listed."""
    return (
        offer.is_active and approved_membership(user) is not None and not acts_for(user, offer.ward)
    )


def is_side(user, request: OfferRequest) -> bool:
    return acts_for(user, request.municipality) or acts_for(user, request.offer.ward)


def can_view_request(user, request: OfferRequest) -> bool:
    """Only the two sides, as in the request's 調整ルーム (the secretariat sees the request's
    dates and state in the admin, and the room only if a side asks it in)."""
    return is_side(user, request)


def can_decide(user, request: OfferRequest) -> bool:
    return acts_for(user, request.offer.ward) and not request.is_decided


def can_record_collaboration(user, request: OfferRequest) -> bool:
    from .models import RequestStatus

    return (
        is_side(user, request)
        and request.status == RequestStatus.ACCEPTED
        and request.collaboration_id is None
    )
