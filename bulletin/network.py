"""The board's relationships on the network map (declared in apps.py): collaborations, ties."""

from members.models import Municipality


def collaboration_partner_ids():
    return (
        Municipality.objects.filter(collaborations__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )


def tied_ids():
    """Municipalities with a tie to a ward in the ties register (交流関係)."""
    return Municipality.objects.filter(ties__isnull=False).values_list("pk", flat=True).distinct()
