"""URLs: the admin outside the language prefix, every public page under /fr/ or /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from opendata import urls as opendata_urls
from portfolio.health import healthz
from portfolio.styleguide import styleguide
from projects import views as project_views
from projects.feeds import ProjectFeed
from projects.sitemaps import PageSitemap
from security import page_passwords
from security.headers import admin_content_security_policy
from security.two_factor import require_two_factor
from translations.views import answer_incomplete_translation

# Every admin view: a review approved while a required language is incomplete answers with the
# fields to fill in (translations/views.py), and the admin has its own Content-Security-Policy.
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, answer_incomplete_translation)
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, admin_content_security_policy)

# /sitemap.xml is an index of paginated sitemaps: /sitemap-pages.xml, /sitemap-pages.xml?p=2…
SITEMAPS = {"pages": PageSitemap}

urlpatterns = [
    # Load balancers' health check: outside the language prefix, no session, never cached.
    path("healthz", healthz, name="healthz"),
    path("robots.txt", project_views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *opendata_urls.urlpatterns,
]

# Static files are served by WhiteNoise (from the finders while DEBUG is on).
if settings.DEBUG or settings.SERVE_MEDIA:
    from django.views.static import serve

    # Uploaded images and documents; production serves them from the web server instead.
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [path(f"{media_prefix}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

# A database outage met outside a view (a middleware saving the session) answers 503, not 500.
handler500 = "portfolio.middleware.server_error"

# Wagtail's catch-all comes last; "/" redirects to the visitor's language (LocaleMiddleware).
urlpatterns += i18n_patterns(
    path("search/", project_views.search, name="search"),
    path("feed/", ProjectFeed(), name="project_feed"),
    # Every component on one page; a 404 unless DEBUG is on (docs/design.md).
    path("styleguide/", styleguide, name="styleguide"),
    *opendata_urls.localized_urlpatterns,
    # Wagtail's password form for protected pages, limited per visitor (security/page_passwords.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Someone signed in who owes a two-factor code sees only the code form (security/two_factor.py).
decorate_urlpatterns(urlpatterns, require_two_factor)
