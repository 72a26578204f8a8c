"""A page's description in the reader's language, for the head of the page and the feed.

A field not yet translated falls back to the other language (modeltranslation). In the body the
text is marked with lang="…"; a meta description, og:description or RSS item cannot be, so
they never show the other language's text: they are built from what is known in the reader's
language instead (the title, the program, the countries and the dates).
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translations.completeness import current_language, shown_language

FIELDS = ("search_description", "summary", "introduction")


def written_description(page):
    """The first description field written in the reader's language, or ""."""
    language = current_language()
    for field in FIELDS:
        value = getattr(page, field, "")
        if value and shown_language(page, field) == language:
            return strip_tags(value)
    return ""


def built_description(page, program=None):
    """A description made of the facts the page has in the reader's language ("" if none).

    `program` is the project's program page when the caller has it at hand (the breadcrumbs).
    """
    if not hasattr(page, "countries"):
        return ""
    sentences = [_("Project: %(title)s.") % {"title": page.title}]
    if program is not None:
        sentences.append(_("Program: %(program)s.") % {"program": program.title})
    countries = [str(country.name) for country in page.countries]
    if countries:
        sentences.append(
            ngettext("Country: %(countries)s.", "Countries: %(countries)s.", len(countries))
            % {"countries": ", ".join(countries)}
        )
    if page.period:
        sentences.append(_("Dates: %(period)s.") % {"period": page.period})
    return " ".join(sentences)


def description(page, program=None):
    """The page's description in the reader's language: written if it is, else built."""
    return written_description(page) or built_description(page, program)


def is_fallback(page):
    """Whether the page's description is waiting for a translation into the reader's language."""
    return not written_description(page) and any(getattr(page, field, "") for field in FIELDS)
