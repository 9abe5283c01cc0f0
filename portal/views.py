"""Site-wide pages: the top page, the purpose statement, the site map and the error pages."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from agreements.models import AgreementBody
from core.i18n import path_in_language
from events.models import Event
from opendata import http as opendata_http
from record.models import NewsItem, PartnerCountSnapshot, RelationshipProject, TimelineEntry


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_news=NewsItem.objects.public().latest_first()[:5],
            snapshot=PartnerCountSnapshot.objects.latest_snapshot(),
            agreement_totals=AgreementBody.objects.totals(),
            upcoming_events=Event.objects.upcoming()[:3],
            recent_events=Event.objects.past()[:4],
            latest_entries=TimelineEntry.objects.latest_first()[:5],
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "portal/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            relationship_projects=RelationshipProject.objects.prefetch_related("wards"), **kwargs
        )


# The site map page: every section a visitor can open, under the headings of the menu and footer.
SITE_MAP = [
    (
        _("全国連携プロジェクト"),
        [
            ("home", _("トップ")),
            ("about", _("プロジェクトについて")),
            ("record:news-list", _("お知らせ")),
            ("record:timeline", _("これまでの経過")),
            ("record:partner-counts", _("連携自治体数の推移")),
            ("record:strategy-positions", _("国の戦略等での位置づけ")),
            ("record:disaster-support", _("災害支援")),
        ],
    ),
    (
        _("連携の記録"),
        [
            ("events:event-list", _("イベント・展示")),
            ("agreements:body-list", _("協定")),
            ("members:municipality-list", _("自治体一覧")),
            ("bulletin:collaboration-list", _("連携事業一覧")),
            ("bulletin:collaboration-results", _("年度別の成果")),
            ("record:publication-list", _("刊行物・資料")),
            ("record:newsletters", _("全国連携NEWS")),
            ("search:results", _("サイト内検索")),
        ],
    ),
    (
        _("会員（自治体職員）"),
        [
            ("account_signup", _("会員登録")),
            ("account_login", _("ログイン")),
            ("bulletin:proposal-list", _("連携提案掲示板")),
            ("members:terms", _("利用規約")),
        ],
    ),
    (
        _("このサイトについて"),
        [
            ("privacy", _("個人情報の取扱い")),
            ("accessibility", _("ウェブアクセシビリティ方針")),
            ("site-map", _("サイトマップ")),
            ("opendata:docs", _("オープンデータAPIの説明")),
        ],
    ),
]


class SiteMapView(TemplateView):
    template_name = "portal/site_map.html"

    def get_context_data(self, **kwargs):
        sections = [
            {
                "title": title,
                "links": [{"url": reverse(name), "label": label} for name, label in links],
            }
            for title, links in SITE_MAP
        ]
        return super().get_context_data(sections=sections, **kwargs)


def language_switch(request):
    """The header's language switch: the same page in the chosen language (a GET, like a link).

    The language is in the URL (/en/…), so nothing is stored and no CSRF token is needed: the
    pages that carry the switch can be cached for every visitor.
    """
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(path_in_language(next_url, language))


def _error_page(request, status: int):
    return opendata_http.error_response(request, status) or render(
        request, f"{status}.html", status=status
    )


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    # No request context: whatever broke (the database, a context processor) must not break this.
    # Django calls this inside its `except` block, so the exception is at hand: a database that
    # refused, timed out or cancelled a statement is a temporary outage (503), not a bug (500).
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())


def service_unavailable():
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "60"
    add_never_cache_headers(response)
    return response
