"""sitemap.xml: every live, public page in both languages, each with its alternates and x-default."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from . import selectors


class PageSitemap(Sitemap):
    """Django lists each page once per language and links the versions to each other."""

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]

    def items(self):
        return selectors.sitemap_pages()

    def location(self, page):
        # Called with the item's language active, so the URL carries its translated slugs.
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at

    def get_urls(self, *args, **kwargs):
        # Django points x-default at the path without its language prefix, which only works
        # when slugs are the same in every language; ours are translated, so x-default is
        # the default language's URL, as in each page's <head>.
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            by_language = {alternate["lang_code"]: alternate["location"] for alternate in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls
