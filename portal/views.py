from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "portal/home.html"


def _error_page(request, status: int):
    return render(request, f"{status}.html", status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    # No request context: whatever broke (the database, a context processor) must not break this.
    return HttpResponseServerError(loader.get_template("500.html").render())
