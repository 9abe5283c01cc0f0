from csp.constants import SELF
from csp.decorators import csp_replace
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from agreements.models import AgreementBody

from .maps import network_map

# The interactive map's document links the site's stylesheets: the design tokens (portal.css's
# :root matches the document's <svg> root) and the map's own rules.
MAP_STYLESHEETS = ("css/portal.css", "css/map.css")
SVG = "image/svg+xml"


@require_safe
@cache_control(public=True, max_age=600)
def map_svg(request):
    """The network map as a standalone image (the top page's small map links to the full one)."""
    network = network_map()
    return HttpResponse(network.svg(interactive=False, title=network.summary()), content_type=SVG)


def _interactive(network, title: str) -> HttpResponse:
    stylesheets = tuple(static(name) for name in MAP_STYLESHEETS)
    return HttpResponse(
        network.svg(interactive=True, title=title, stylesheets=stylesheets), content_type=SVG
    )


# The agreements' pages show these documents in a frame: the site's own pages may frame them
# (every other response keeps X-Frame-Options: DENY and frame-ancestors 'none').
@require_safe
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def network_map_document(request):
    """The whole network, with a link on every municipality with a relationship."""
    return _interactive(network_map(), _("連携自治体の地図"))


@require_safe
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def body_map_document(request, slug):
    """An agreement body's members highlighted on the whole network."""
    body = get_object_or_404(AgreementBody, slug=slug)
    network = network_map(highlight=body.members(), highlight_label=_("この団体の構成自治体"))
    return _interactive(network, _("%(name)sの構成自治体の地図") % {"name": body.name})
