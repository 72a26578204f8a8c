"""Which translatable fields of an object are filled in which language.

Reads modeltranslation's registry only, so it works for every registered model
without knowing any of them by name.
"""

import math
import re

from django.utils.translation import get_language_info
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from portfolio.languages import current_language, language_codes  # noqa: F401 (read from here too)

# Fields wagtail-modeltranslation adds to every page for routing and search engines:
# a visitor never reads them as text, so they never make a page "incomplete".
NON_CONTENT_FIELDS = frozenset({"slug", "url_path", "seo_title", "search_description"})
TAGS = re.compile(r"<[^>]*>")


def translatable_fields(model):
    """The registered text fields of a model, in registration order."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    names = [name for name in options.get_field_names() if name not in NON_CONTENT_FIELDS]
    return in_field_order(model, names)


def in_field_order(model, names):
    """`names` in the order of the model's fields (the edit form's)."""
    order = {field.name: index for index, field in enumerate(model._meta.concrete_fields)}
    return sorted(names, key=lambda name: order.get(name, len(order)))


def language_name(code):
    """The language's name in the active language ("anglais", "English")."""
    return get_language_info(code)["name_translated"]


def has_text(value):
    """Whether a field value holds something a reader would see."""
    if value is None:
        return False
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


def shown_language(obj, field, language=None):
    """The language whose text `obj.<field>` displays when read in `language`."""
    language = language or current_language()
    for candidate in [language] + [code for code in language_codes() if code != language]:
        if has_text(localized_value(obj, field, candidate)):
            return candidate
    return language


def missing_fields(obj, language=None):
    """Fields empty in `language` although another language has them: what is left to translate."""
    language = language or current_language()
    others = [code for code in language_codes() if code != language]
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
