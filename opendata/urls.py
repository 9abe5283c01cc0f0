from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "opendata"

router = SimpleRouter()
for prefix, viewset, basename in views.RESOURCES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("", views.APIRootView.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocumentationView.as_view(), name="docs"),
    *router.urls,
]
