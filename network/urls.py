from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "network"

urlpatterns = [
    # Under the register's address, where it always was; portal/urls.py includes these before
    # members' urls, whose municipalities/<code>/ would otherwise take "map.svg" for a code.
    path("municipalities/map.svg", public_page(views.map_svg), name="map-svg"),
    # The agreements' pages frame these (network/maps.py: NetworkMap.svg).
    path(
        "agreements/network-map.svg",
        public_page(views.network_map_document),
        name="network-map-document",
    ),
    path(
        "agreements/<slug:slug>/network-map.svg",
        public_page(views.body_map_document),
        name="body-map-document",
    ),
]
