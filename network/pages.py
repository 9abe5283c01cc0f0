"""Network's sections on pages of the apps below it, registered from apps.py: a municipality's
ties (members.pages) and the map on the agreement bodies' pages (agreements.pages)."""

from django.utils.translation import gettext as _

# A ward's page lists this many partners; the whole register is open data (/api/v1/ties/).
PARTNERS_SHOWN = 50


def ties_section(municipality) -> dict | None:
    """The register's ties of a municipality (or, on a ward's page, the ward's ties and their
    count, computed from the register)."""
    from .coverage import ward_partner_coverage
    from .models import Tie

    ties = Tie.objects.active().involving(municipality).for_listing().as_rows()
    if not ties and not municipality.is_special_ward:
        return None
    is_ward = municipality.is_special_ward
    # One line per partner, with each of its ties: a friendship and the project agreed on the
    # board with the same town are one partner, not two.
    partners = {}
    for tie in ties:
        label = tie.partner_label if is_ward else tie.ward_name
        partners.setdefault(label, []).append(tie)
    listed = [{"label": label, "ties": group} for label, group in partners.items()]
    return {
        "partners": listed[:PARTNERS_SHOWN],
        "count": len(partners),
        "more": max(0, len(partners) - PARTNERS_SHOWN),
        "ward_code": municipality.code if is_ward else "",
        "is_ward": is_ward,
        # Every ward's page, even with nothing recorded: the register is not the whole network.
        "coverage": ward_partner_coverage().statement(),
    }


def body_map_section(body) -> dict:
    """The whole network on the bodies' list (body None); a body's members highlighted on its
    page."""
    from django.urls import reverse

    from .maps import network_table

    if body is None:
        return {
            "network": network_table(),
            "heading": _("協定締結団体・会員・連携事業でつながる全国の自治体"),
            "map_url": reverse("network:network-map-document"),
            "map_title": _("連携自治体の地図"),
        }
    return {
        "network": network_table(
            highlight=body.members(), highlight_label=_("この団体の構成自治体")
        ),
        "heading": _("%(name)sの構成自治体の地図") % {"name": body.name},
        "map_url": reverse("network:body-map-document", kwargs={"slug": body.slug}),
        "map_title": _("%(name)sの構成自治体の地図") % {"name": body.name},
    }


def body_ties_section(body) -> dict | None:
    """The ties of an agreement body's members with the wards (and those made under the body's
    own agreement), on the body's page; nothing on the bodies' list (body None)."""
    from django.db.models import Exists, OuterRef, Q

    from .coverage import ward_partner_coverage
    from .models import Tie

    if body is None:
        return None
    with_member = Tie.municipalities.through.objects.filter(
        tie=OuterRef("pk"), municipality__in=body.members().values("pk")
    )
    ties = Tie.objects.active().filter(Q(body=body) | Exists(with_member))
    return {
        "ties": list(ties.for_partner_links()),
        "coverage": ward_partner_coverage().statement(),
    }
