from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .maps import network_map


@require_safe
@cache_control(public=True, max_age=600)
def map_svg(request):
    """The network map as a standalone image (the top page's small map links to the full one)."""
    network = network_map()
    return HttpResponse(
        network.svg(interactive=False, title=network.summary()), content_type="image/svg+xml"
    )
