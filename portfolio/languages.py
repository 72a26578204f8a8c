"""The site's languages, read from the settings: the one place code asks which languages exist.

And the language-neutral helpers that go with them: country names in every language, the order
in which readers sort names.
"""

import unicodedata

from django.conf import settings
from django.utils import translation


def language_codes():
    """The site's language codes, the default language first as the settings list them."""
    return [code for code, _name in settings.LANGUAGES]


def current_language():
    """The active language reduced to one of the site's codes ("en-gb" → "en")."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in language_codes() else settings.LANGUAGE_CODE


def current_language_first():
    """The site's language codes, the active one first."""
    current = current_language()
    return [current] + [code for code in language_codes() if code != current]


def country_names(countries):
    """The names of `countries` (django-countries Country objects) in every language, for search indexes."""
    names = []
    for code in language_codes():
        with translation.override(code):
            names.extend(str(country.name) for country in countries if country)
    return " ".join(names)


def reading_key(text):
    """How a reader sorts names: case and accents ignored ("École" between "Eau" and "Euro")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
