from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "search"

urlpatterns = [
    # Stored for visitors without a session, keyed by the query string (a member's search,
    # which may include the board, has a session and is never stored).
    path("search/", public_page(views.SearchView.as_view()), name="results"),
]
