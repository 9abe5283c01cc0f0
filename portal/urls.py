from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from core.admin import japanese_dates, labelled_autocomplete
from core.public_cache import public_page

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "全国連携ポータル 管理"
admin.site.site_title = "全国連携ポータル 管理"
admin.site.index_title = "事務局メニュー"
# The admin's own login form would skip two-factor authentication and the rate limits.
admin.site.login = secure_admin_login(admin.site.login)
japanese_dates(admin.site)
labelled_autocomplete(admin.site)

urlpatterns = [
    path("i18n/switch/", views.language_switch, name="language-switch"),
    # One sitemap per section, listed by the index (a section is read only when it is asked for).
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("api/v1/", include("opendata.urls")),
    path(
        "robots.txt",
        public_page(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    ),
]

urlpatterns += i18n_patterns(
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("about/", public_page(views.AboutView.as_view()), name="about"),
    path(
        "privacy/",
        public_page(TemplateView.as_view(template_name="portal/privacy.html")),
        name="privacy",
    ),
    path(
        "accessibility/",
        public_page(TemplateView.as_view(template_name="portal/accessibility.html")),
        name="accessibility",
    ),
    path("site-map/", public_page(views.SiteMapView.as_view()), name="site-map"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("network.urls")),  # before members: see network/urls.py
    path("", include("members.urls")),
    path("", include("agreements.urls")),
    path("", include("partners.urls")),
    path("", include("events.urls")),
    path("", include("bulletin.urls")),
    path("", include("directory.urls")),
    path("", include("disaster.urls")),
    path("", include("roundtable.urls")),
    path("", include("surveys.urls")),
    path("", include("record.urls")),
    path("", include("search.urls")),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
