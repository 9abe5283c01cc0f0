"""The authenticated floor of benchmarks/member_pages.py: the portal's own URLs plus one view
that only the benchmark registers (this module becomes ROOT_URLCONF in the benchmark's process;
the portal's urls.py never includes it, so no running portal serves it).

The view is what every member page pays before doing its own work: the portal's whole
middleware stack, the session and the user loaded, the board's access check (an approved
member or the secretariat) and the base template rendered with the request's context, and
nothing else.
"""

from django.urls import path
from django.views.generic import TemplateView

from bulletin.views.mixins import BoardAccessMixin
from portal import urls as portal_urls


class AuthenticatedFloorView(BoardAccessMixin, TemplateView):
    partners_welcome = True
    template_name = "base.html"


FLOOR_PATH = "/benchmark/authenticated-floor/"

urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", AuthenticatedFloorView.as_view(), name="benchmark-floor"),
    *portal_urls.urlpatterns,
]

handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
