"""Template tags that mark text shown in the other language and link the two versions of a page."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language_info, override

from translations.completeness import current_language, missing_fields, shown_language

register = template.Library()


@register.simple_tag
def lang_attr(obj, field):
    """` lang="fr"` when `obj.<field>` falls back to another language, so screen readers switch voice."""
    language = shown_language(obj, field)
    if language == current_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def fallback_language(obj, field):
    """The code of the language `obj.<field>` falls back to, or "" when it is in the current one."""
    language = shown_language(obj, field)
    return "" if language == current_language() else language


@register.simple_tag
def untranslated_fields(obj):
    """The fields of `obj` still waiting for a translation into the current language."""
    if obj is None:
        return []
    return missing_fields(obj)


@register.simple_tag
def language_name(code):
    """A language's name in the reader's language ("anglais" on a French page)."""
    return get_language_info(code)["name_translated"]


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Every language of the site with the URL of the current page in it.

    For a Wagtail page the URL is built from the page's translated slugs; for any other
    view (a 404, a search) Django translates the path through its URL patterns.
    """
    request = context.get("request")
    page = context.get("page")
    current = current_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = None
        if page is not None and hasattr(page, "get_url"):
            with override(code):
                url = page.get_url(request)
        if not url and request is not None:
            url = translate_url(request.path, code)
            if url == request.path and code != current:
                url = f"/{code}/"
        if request is not None and request.GET and url:
            # Filters and search terms carry over: the listing accepts either language's values.
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
