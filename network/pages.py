"""Network's sections on pages of the apps below it, registered from apps.py: the map on the
agreement bodies' pages (agreements.pages)."""

from django.utils.translation import gettext as _


def body_map_section(body) -> dict:
    """The whole network on the bodies' list (body None); a body's members highlighted on its
    page."""
    from .maps import network_map

    if body is None:
        return {
            "network": network_map(),
            "heading": _("協定締結団体・会員・連携事業でつながる全国の自治体"),
        }
    return {
        "network": network_map(highlight=body.members(), highlight_label=_("この団体の構成自治体")),
        "heading": _("%(name)sの構成自治体の地図") % {"name": body.name},
    }
