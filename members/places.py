"""The 47 prefectures and the 23 special wards as objects, kept per stamp.

A page that names places linked to many rows (the board's cards: each post's wanted wards and a
call's prefectures) reads the link table's ids and takes the places from here, instead of
prefetching them for each row (a prefetch builds a queryset per row: milliseconds per page).
The objects are shared by the requests of a process until the public record changes: read them,
never change them.
"""

from core.public_cache import memoize_per_stamp

from .models import Municipality, Prefecture


@memoize_per_stamp
def prefectures_by_pk() -> dict[int, Prefecture]:
    return {prefecture.pk: prefecture for prefecture in Prefecture.objects.order_by("code")}


@memoize_per_stamp
def special_wards_by_pk() -> dict[int, Municipality]:
    wards = Municipality.objects.special_wards().order_by("code")
    return {ward.pk: ward for ward in wards}


def municipalities_by_pk(pks) -> dict[int, Municipality]:
    """These municipalities, the wards from the kept ones (one query for any others)."""
    wards = special_wards_by_pk()
    found = {pk: wards[pk] for pk in pks if pk in wards}
    others = set(pks) - found.keys()
    if others:
        found.update(Municipality.objects.in_bulk(others))
    return found
