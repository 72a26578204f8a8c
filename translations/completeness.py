"""Which translatable fields of an object are filled in which language, from modeltranslation's
registry only, so it works for every registered model without knowing any of them by name."""

import math
import re

from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.rich_text import RichText

from portfolio.languages import current_language, language_codes  # noqa: F401 (read from here too)

# Fields wagtail-modeltranslation adds to every page for routing and search engines:
# a visitor never reads them as text, so they never make a page "incomplete".
NON_CONTENT_FIELDS = frozenset({"slug", "url_path", "seo_title", "search_description"})
TAGS = re.compile(r"<[^>]*>")


def translatable_fields(model):
    """The registered text fields of a model, in the order of its fields (the edit form's)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    order = {field.name: index for index, field in enumerate(model._meta.concrete_fields)}
    names = [name for name in options.get_field_names() if name not in NON_CONTENT_FIELDS]
    return sorted(names, key=lambda name: order.get(name, len(order)))


def field_label(model, name):
    """A field's name as the edit form shows it ("Summary")."""
    return capfirst(model._meta.get_field(name).verbose_name)


def language_name(code):
    """The language's name in the active language ("anglais", "English")."""
    return get_language_info(code)["name_translated"]


def in_sentence(code):
    """A language's name inside a sentence: French writes it in lower case ("en anglais")."""
    name = str(language_name(code))
    return name.lower() if current_language() == "fr" else name


def has_text(value):
    """Whether a field value holds something a reader would see."""
    if value is None:
        return False
    if isinstance(value, RichText):  # a rich text block's value
        value = value.source
    if isinstance(value, str):
        # Whether any text is left outside tags: a regular expression answers that much faster
        # than Django's strip_tags (an HTML parser), which a rebuild runs on every value.
        return bool(TAGS.sub("", value).strip()) if "<" in value else bool(value.strip())
    try:
        return len(value) > 0  # StreamValue and other sequences
    except TypeError:
        return True


def localized_value(obj, field, language):
    return getattr(obj, build_localized_fieldname(field, language), None)


def preference(language=None):
    """`language` (the active one by default), then the site's other languages."""
    language = language or current_language()
    return [language] + [code for code in language_codes() if code != language]


def shown_language(obj, field, language=None):
    """The language whose text `obj.<field>` displays when read in `language`."""
    languages = preference(language)
    return next((code for code in languages if has_text(localized_value(obj, field, code))), languages[0])


def missing_fields(obj, language=None):
    """Fields empty in `language` although another language has them: what is left to translate."""
    language, *others = preference(language)
    return [
        field
        for field in translatable_fields(type(obj))
        if not has_text(localized_value(obj, field, language))
        and any(has_text(localized_value(obj, field, other)) for other in others)
    ]


def completeness(obj, languages=None):
    """Per language: fields filled in it / fields filled in any language, in whole percent."""
    languages = languages or language_codes()
    fields = translatable_fields(type(obj))
    filled = {
        code: {name for name in fields if has_text(localized_value(obj, name, code))} for code in languages
    }
    anywhere = set().union(*filled.values())
    if not anywhere:
        return dict.fromkeys(languages, 100)
    return {code: math.floor(100 * len(filled[code]) / len(anywhere)) for code in languages}
