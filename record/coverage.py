"""The published figures the portal's records are measured against (network/coverage.py): the
latest 各区交流自治体 count (as of 1 August each year) and the latest 連携事業数."""

from network.coverage import Published

from .models import PartnerCountSnapshot, ProjectCount


def published_ward_partners() -> Published | None:
    snapshot = PartnerCountSnapshot.objects.latest_snapshot()
    return Published(snapshot.ward_partners, snapshot.as_of) if snapshot else None


def published_ward_partners_on(as_of) -> Published | None:
    snapshot = PartnerCountSnapshot.objects.filter(as_of=as_of).first()
    return Published(snapshot.ward_partners, snapshot.as_of) if snapshot else None


def published_projects() -> Published | None:
    latest = ProjectCount.objects.order_by("-as_of").first()
    return Published(latest.total, latest.as_of) if latest else None
