"""The floor: a bare Django "hello" view (no apps, no middleware), for benchmarks/public_pages.py.

gunicorn benchmarks.floor:application --workers 2
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-benchmark-only",  # noqa: S106 - answers "hello" to loopback, nothing else
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
