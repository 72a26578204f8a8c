"""Every UI string is translated in both catalogues, and the compiled catalogues are current."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
ENTRY = re.compile(r'^(?P<flags>(?:#.*\n)*)msgid (?P<msgid>(?:".*"\n)+)msgstr (?P<msgstr>(?:".*"\n?)+)', re.M)


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(block):
    """The text of a quoted, possibly multi-line .po string."""
    joined = "".join(line.strip()[1:-1] for line in block.strip().splitlines())
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match[1], match[1]), joined)


def entries(language):
    text = (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for match in ENTRY.finditer(text):
        yield match["flags"], unquote(match["msgid"]), unquote(match["msgstr"])


def test_french_catalogue_is_complete():
    messages = [(flags, msgid, msgstr) for flags, msgid, msgstr in entries("fr") if msgid]
    assert len(messages) > 100
    untranslated = [msgid for _flags, msgid, msgstr in messages if not msgstr]
    fuzzy = [msgid for flags, msgid, _msgstr in messages if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_english_catalogue_translates_only_the_key_style_msgids():
    """Source strings are English: an English msgstr that repeats its msgid is noise to maintain."""
    messages = [(flags, msgid, msgstr) for flags, msgid, msgstr in entries("en") if msgid]
    assert len(messages) > 100  # every msgid is listed, so makemessages keeps the catalogue whole
    assert [msgid for _flags, msgid, msgstr in messages if msgstr == msgid] == []
    assert [msgid for flags, msgid, _msgstr in messages if "fuzzy" in flags] == []
    translated = {msgid: msgstr for _flags, msgid, msgstr in messages if msgstr}
    assert translated == {"Read this page in this language": "Read this page in English"}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_compiled_catalogue_matches_the_source(language):
    compiled = gettext.translation("django", LOCALE_DIR, languages=[language])
    stale = [
        msgid
        for _flags, msgid, msgstr in entries(language)
        # An empty msgstr is not compiled: gettext gives the (English) msgid back.
        if msgid and compiled.gettext(msgid) != (msgstr or msgid)
    ]
    assert stale == [], "run: python manage.py compilemessages --ignore=.venv"


def test_french_catalogue_really_is_french():
    translations = {msgid: msgstr for _flags, msgid, msgstr in entries("fr")}
    assert translations["Page not found"] == "Page introuvable"
    assert translations["In the process of translation…"] == "Traduction en cours…"
