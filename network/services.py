"""Writes to the register of ties that other apps ask for (importing a file: ties_import.py)."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from members.models import Municipality

from .models import Tie, TieKind


@transaction.atomic
def board_ties_create(
    *,
    slug_prefix: str,
    wards: Iterable[Municipality],
    partners: Iterable[Municipality],
    since: datetime.date,
    note: str,
) -> list[Tie]:
    """A collaboration agreed on the board (成立) ties each of its wards to its partners."""
    partners = list(partners)
    ties = []
    for ward in wards:
        tie = Tie.objects.create(
            slug=f"{slug_prefix}-{ward.code}",
            ward=ward,
            kind=TieKind.BOARD,
            since=since,
            source="連携提案掲示板",
            note=note,
        )
        tie.municipalities.set(partners)
        ties.append(tie)
    return ties
