"""The board's section of the partner directory: the collaborations each organisation is named
in (registered in partners/pages.py from BulletinConfig.ready)."""

from collections import defaultdict

from .models import Collaboration


def collaborations_of(organisations) -> dict:
    found = defaultdict(list)
    through = Collaboration.partners.through.objects.filter(
        partnerorganisation_id__in=[organisation.pk for organisation in organisations],
        collaboration__in=Collaboration.objects.public(),
    ).select_related("collaboration")
    for row in through.order_by("-collaboration__fiscal_year", "collaboration__title"):
        found[row.partnerorganisation_id].append(row.collaboration)
    return found
