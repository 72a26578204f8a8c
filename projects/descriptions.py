"""A page's written description in the reader's language, for the head of the page and the feed.

A field not yet translated falls back to the other language (modeltranslation). In the body the
text is marked with lang="…"; a meta description, og:description or RSS item cannot be, so
they never show the other language's text: a page builds one from what is known in the
reader's language instead (BasePage.built_description: a project's title, program, countries
and dates).
"""

from django.utils.html import strip_tags

from translations.completeness import current_language, shown_language


def written_description(page):
    """The first of the page's description fields written in the reader's language, or ""."""
    language = current_language()
    for field in page.description_fields:
        value = getattr(page, field)
        if value and shown_language(page, field) == language:
            return strip_tags(value)
    return ""


def is_fallback(page):
    """Whether the page's description is waiting for a translation into the reader's language."""
    return not written_description(page) and any(getattr(page, field) for field in page.description_fields)
