"""Template tags that mark text shown in the other language and link the two versions of a page."""

from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language_info, override
from wagtail.models import Page

from translations.completeness import (
    current_language,
    in_sentence,
    language_codes,
    missing_fields,
    shown_language,
)

register = template.Library()


@register.simple_tag
def lang_attr(obj, field):
    """` lang="fr"` when `obj.<field>` falls back to another language, so screen readers switch voice."""
    language = shown_language(obj, field)
    if language == current_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def untranslated_fields(obj):
    """The fields of `obj` still waiting for a translation into the current language."""
    if obj is None:
        return []
    return missing_fields(obj)


register.simple_tag(in_sentence, name="language_name")


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """The <link rel="alternate" hreflang> of the page: its canonical URL in every language (with
    its query string only); none for a variant canonical to another URL (`no_alternates`)."""
    if context.get("no_alternates"):
        return []
    return language_versions(context, head=True)


def _language_urls(request, page):
    """{language: URL of the current page in it, without query string}, once per request (the
    language switcher and the <head>'s alternates both ask)."""
    memo = getattr(request, "_language_urls", None) if request is not None else None
    if memo is not None and memo[0] is page:
        return memo[1]
    current = current_language()
    urls = {}
    for code in language_codes():
        url = None
        if isinstance(page, Page):
            with override(code):
                url = page.get_url(request)
        if not url and request is not None:
            url = translate_url(request.path, code)
            if url == request.path and code != current:
                url = f"/{code}/"
        urls[code] = url
    if request is not None:
        request._language_urls = (page, urls)
    return urls


@register.simple_tag(takes_context=True)
def language_versions(context, head=False):
    """Every language of the site with the URL of the current page in it.

    For a Wagtail page the URL is built from the page's translated slugs; for any other
    view (a 404, a search) Django translates the path through its URL patterns. A view can
    give each language's query string in `language_queries` (the listing translates the
    program's slug); otherwise the visitor's query string carries over.
    """
    request = context.get("request")
    page = context.get("page")
    current = current_language()
    versions = []
    for code, url in _language_urls(request, page).items():
        queries = context.get("language_queries")
        if queries is not None and url:
            url += context.get("canonical_query", "") if head else queries.get(code, "")
        elif request is not None and request.GET and url and not (head and page is not None):
            # Search terms carry over. A page's canonical URL has no query string: neither have
            # its alternates.
            url = f"{url}?{request.GET.urlencode()}"
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url or f"/{code}/",
                "absolute_url": request.build_absolute_uri(url or f"/{code}/") if request else url,
                "is_current": code == current,
            }
        )
    return versions
