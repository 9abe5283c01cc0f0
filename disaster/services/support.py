"""各区と連絡調整: each ward reports what it did."""

from django.db import transaction
from django.utils.translation import gettext as _

from bulletin.permissions import require

from ..models import Disaster, ReportKind, SupportReport
from ..permissions import can_report, ward_of

REPORT_FIELDS = {
    ReportKind.STAFF: ["profession", "people", "start_on", "end_on"],
    ReportKind.SUPPLIES: ["item", "quantity", "unit", "start_on"],
    ReportKind.DONATION: ["amount_yen"],
}


@transaction.atomic
def report_submit(*, user, disaster: Disaster, data: dict) -> SupportReport:
    """One line of the ward's support (only the fields of its kind are kept)."""
    require(can_report(user, disaster), _("支援の報告は特別区の会員だけができます。"))
    kind = data["kind"]
    values = {name: data.get(name) for name in REPORT_FIELDS[kind]}
    for name in ("profession", "item", "unit"):
        if name in values and values[name] is None:
            values[name] = ""
    report = SupportReport(
        disaster=disaster,
        ward=ward_of(user),
        reported_by=user,
        kind=kind,
        note=data.get("note", ""),
        **values,
    )
    report.full_clean(exclude=["disaster", "ward", "reported_by", "commitment"])
    report.save()
    return report
