"""The one text normalisation search uses, for the index and for the query alike.

Both databases index the same words and are asked the same words, so they find the same
results: what SQLite's FTS5 and PostgreSQL's text search do themselves is reduced to matching
whole tokens. A text becomes tokens in three steps:

1. Folded: accents and case removed, ligatures spelt out (`Œuvre` → `oeuvre`).
2. Split into words, a word written with inner punctuation (`Migr'Action`, `Dé-chiffrons`,
   `INSER.ECO.Net`) read as one word without it (`migraction`, `dechiffrons`, `insereconet`),
   a French elision left out (`l'intégration` is `integration`); the index also keeps a word's
   parts (`migr`, `action`, `chiffrons`), the query does not, so `dé-chiffrons` finds one project and
   not every text with a `de` in it.
3. Stemmed with Snowball's French and English stemmers (`femmes` and `femme` → `femm`,
   `refugees` → `refuge`), a field by its language's (`summary_fr` by the French one), a
   field without a language and the query by both. A few English plurals the stemmer leaves
   alone (`women`) are read as their singular first. Frequent little words (`de`, `the`) are
   left out.
"""

import functools
import re
import unicodedata

import snowballstemmer

LANGUAGES = ("fr", "en")
STEMMERS = {"fr": "french", "en": "english"}
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
# A word, possibly written in parts joined by an apostrophe, a hyphen or a dot.
WORD = re.compile(r"[^\W_]+(?:[-'\u2019\u02bc.\u2010\u2011][^\W_]+)*")
PART = re.compile(r"[^\W_]+")
# French elisions: `l'intégration` is the word `intégration`.
ELISIONS = frozenset(["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"])
APOSTROPHES = "'\u2019\u02bc"
# Irregular English plurals, read as their singular before stemming.
IRREGULAR = {"women": "woman", "men": "man", "children": "child"}
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
        a au aux avec ce ces dans de des du elle en et il la le les leur leurs lui mais ne ni nos notre
        nous ou par pas pour qu que qui sa se ses son sur un une vos votre vous
        an and are as at be by for from has in into is it its of on or that the their this to was with
        """,
    )
)


@functools.lru_cache(maxsize=8192)
def fold(text):
    """Lower case, without accents, ligatures spelt out (`Algérie` → `algerie`)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text, parts=False):
    """The folded words of `text`, each written with inner punctuation joined into one word.

    With `parts`, such a word's parts follow it (`migr'action` → `migraction`, `migr`, `action`).
    """
    for match in WORD.finditer(fold(text or "")):
        written = match.group()
        pieces = PART.findall(written)
        if len(pieces) > 1 and pieces[0] in ELISIONS and written[len(pieces[0])] in APOSTROPHES:
            pieces = pieces[1:]
            if len(pieces) == 1:
                yield pieces[0]
                continue
        yield "".join(pieces)
        if parts and len(pieces) > 1:
            yield from pieces


@functools.cache
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS[language])


@functools.lru_cache(maxsize=65536)
def stems(word, languages=LANGUAGES):
    """The word's stem in each language, without repeats; the word itself when it is a number."""
    if word.isdigit():
        return (word,)
    found = []
    for language in languages:
        form = IRREGULAR.get(word, word) if language == "en" else word
        stem = _stemmer(language).stemWord(form)
        if stem not in found:
            found.append(stem)
    return tuple(found)


def _tokens(text, languages, parts):
    tokens = []
    for word in words(text, parts=parts):
        if len(word) < 2 or word in STOP_WORDS:
            continue
        tokens.extend(stems(word, languages))
    return tokens


def index_text(text, languages=LANGUAGES):
    """What the index keeps of a field's text: its words' stems, parts of written-together words too."""
    return " ".join(_tokens(text, languages, parts=True))


def query_text(query):
    """What the index is asked for a visitor's query: its words' stems in both languages."""
    return " ".join(dict.fromkeys(_tokens(query, LANGUAGES, parts=False)))


def field_languages(field_name):
    """The languages of a field: its own (`summary_fr`), or both for one without (`acronym`)."""
    language = field_name.rsplit("_", 1)[-1]
    return (language,) if language in LANGUAGES else LANGUAGES


def name_key(text):
    """A name as compared with a query: folded words, punctuation and spaces removed."""
    return "".join(words(text))


def stem_set(text):
    """The stems of a text's words (parts included), for "does this title name the query"."""
    return set(_tokens(text, LANGUAGES, parts=True))
