"""The sitemap: an index (/sitemap.xml) of paginated sitemaps of every live, public page.

Each page appears in both languages, each URL with its alternates and x-default. Pages are
paginated by the database (`limit` pages per sitemap), and their URLs are built from the
translated `url_path` columns stored on each page, so a sitemap of a thousand pages runs a
fixed number of queries and never calls `Page.get_url` (which looks the site up each time).
"""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from wagtail.models import Page

from portfolio.languages import language_codes

from . import selectors


class PageSitemap(Sitemap):
    """Every live public page, once per language; `limit` pages (twice as many URLs) per sitemap."""

    limit = 500
    languages = language_codes()

    @cached_property
    def _pages(self):
        return selectors.sitemap_pages()

    @cached_property
    def _summary(self):
        # How many pages the sitemap lists and when the last one was published, in one query.
        return self._pages.order_by().aggregate(count=Count("pk"), latest=Max("last_published_at"))

    @property
    def paginator(self):
        # What Django's sitemap index needs of a paginator: the number of sitemaps.
        return SimpleNamespace(num_pages=max(1, -(-self._summary["count"] // self.limit)))

    def get_latest_lastmod(self):
        return self._summary["latest"]

    @cached_property
    def _roots(self):
        """Per language: [(root url_path, URL prefix)], the longest root first (Wagtail's order)."""
        roots = {}
        for code in self.languages:
            with translation.override(code):
                prefix = reverse("wagtail_serve", args=("",))
                # Asked of a page, the site roots come in the active language (Wagtail's own
                # cache, localized by wagtail-modeltranslation): no query once warm.
                paths = Page()._get_site_root_paths()
                roots[code] = [(root.root_path, prefix) for root in paths]
        return roots

    def page_location(self, page, language):
        """The page's path in `language`: its translated url_path under the site root's prefix."""
        url_path = (
            getattr(page, f"url_path_{language}")
            or getattr(page, f"url_path_{settings.LANGUAGE_CODE}")
            or page.url_path
        )
        for root_path, prefix in self._roots[language]:
            if url_path.startswith(root_path):
                return prefix + url_path[len(root_path) :]
        return None

    # Pages that are views, not Wagtail pages, and are meant to be found (URL names).
    views = ("opendata_open_data",)

    def _view_urls(self, base):
        urls = []
        for name in self.views:
            locations = {}
            for code in self.languages:
                with translation.override(code):
                    locations[code] = base + reverse(name)
            urls += _entries(locations)
        return urls

    def get_urls(self, page=1, site=None, protocol=None):
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger from None
        if number < 1:
            raise EmptyPage
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        pages = list(self._pages[(number - 1) * self.limit : number * self.limit])
        if not pages and number > 1:
            raise EmptyPage
        urls = []
        for item in pages:
            paths = {code: self.page_location(item, code) for code in self.languages}
            if None not in paths.values():
                locations = {code: base + path for code, path in paths.items()}
                urls += _entries(locations, item, item.last_published_at)
        if number == 1:
            urls += self._view_urls(base)
        dates = [item.last_published_at for item in pages if item.last_published_at]
        if dates:
            self.latest_lastmod = max(dates)
        return urls


def _entries(locations, item=None, lastmod=None):
    """A sitemap entry for each language's URL ({language: URL}), each with every URL as alternates."""
    alternates = [{"lang_code": code, "location": location} for code, location in locations.items()]
    # Slugs are translated, so x-default is the default language's URL, as in each page's <head>
    # (not Django's unprefixed path).
    alternates.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
    return [
        {
            "item": item,
            "location": location,
            "lastmod": lastmod,
            "changefreq": None,
            "priority": "",
            "alternates": alternates,
        }
        for location in locations.values()
    ]
