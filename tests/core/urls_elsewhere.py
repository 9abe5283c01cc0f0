"""A urlconf where a municipality's page has another address (tests/core/test_links.py)."""

from django.http import HttpResponse
from django.urls import include, path


def page(request, code):
    return HttpResponse(code)


members = ([path("elsewhere/<str:code>/", page, name="municipality-detail")], "members")
urlpatterns = [path("", include(members))]
