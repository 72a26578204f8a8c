"""A partner's mark: its logo when one is uploaded, otherwise a monogram of its initials."""

import re
import unicodedata

from django import template

register = template.Library()

# Words a monogram skips: articles and linking words in French and English.
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "d", "l", "en", "pour", "of", "the", "and", "for"}
MONOGRAM_COLOURS = 4  # .monogram--0 … --3 in site.css


def initials(name, acronym=""):
    """ "GRDR" for an acronym of at most four letters, else the first letters of the name's first
    two significant words: "Mission Locale" → "ML", "Conseil régional d’Île-de-France" → "CR"."""
    acronym = acronym.strip()
    if acronym and len(acronym) <= 4:
        return acronym.upper()
    words = [word for word in re.split(r"[\s’'\-]+", name) if word and word.lower() not in SMALL_WORDS]
    letters = [word[0] for word in words if word[0].isalnum()]
    if len(letters) == 1 and len(words[0]) > 1:
        letters.append(words[0][1])  # one word: its first two letters ("CODASE" → "CO")
    return "".join(letters[:2]).upper()


def colour_index(text):
    """A stable colour for a name, the same on every page and in every process."""
    normalised = unicodedata.normalize("NFC", text)
    return sum(ord(character) for character in normalised) % MONOGRAM_COLOURS


@register.inclusion_tag("partners/includes/partner_mark.html")
def partner_mark(partner):
    """The logo, fitted and never cropped; or the monogram, hidden from screen readers (the
    partner's name is written next to it)."""
    letters = initials(partner.name_fr or partner.name, partner.acronym)
    return {
        "partner": partner,
        "initials": letters,
        "long": len(letters) > 2,
        "colour": colour_index(partner.name_fr or partner.name),
    }
