"""The board's relationship on the network map (declared in apps.py): collaborations."""

from members.models import Municipality


def collaboration_partner_ids():
    return (
        Municipality.objects.filter(collaborations__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
