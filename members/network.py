"""The register's own relationships on the network map (declared in apps.py)."""

from .models import Municipality


def special_ward_ids():
    return Municipality.objects.special_wards().values_list("pk", flat=True)


def portal_member_ids():
    return Municipality.objects.members().values_list("pk", flat=True)
