"""Search helpers: a cleaned query, and an extract of each result with the query's terms marked."""

import difflib
import functools
import html
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from portfolio.languages import current_language_first

from . import search_text

MAX_QUERY_LENGTH = 200
EXTRACT_LENGTH = 220


# Characters that are no part of a word people type: they become spaces. A hyphen or an
# apostrophe inside a word stays (`Dé-chiffrons`), so the word is searched whole
# (projects.search_text).
QUERY_SYNTAX = str.maketrans(dict.fromkeys('"*^():{}[]+', " "))


def clean_query(raw):
    """The query as searched: syntax and control characters dropped, spaces collapsed, length capped.

    Tabs and line breaks separate words like spaces do.
    """
    text = "".join(
        " " if char.isspace() else char
        for char in (raw or "")
        if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    return " ".join(text.translate(QUERY_SYNTAX).split())[:MAX_QUERY_LENGTH]


def _plain(text):
    """Rich text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(text or "")).split())


@functools.lru_cache(maxsize=4096)
def _fold(char):
    # One character in, one out: the extract's positions stay those of the original text.
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)) or char
    return base[0].lower()


def _folded(text):
    # ASCII text only needs lowering (one character each); other text is folded character by
    # character, each character's fold computed once (results' texts run to thousands).
    if text.isascii():
        return text.lower()
    return "".join(map(_fold, text))


@dataclass
class Extract:
    """A passage of a result's text around the first term found, with the terms marked."""

    html: str
    language: str


def _root(folded_term):
    # Word forms: "violences" and "réfugiés" should mark "violence" and "réfugié" too, as the
    # PostgreSQL stemmers match them; a plural "s" and a final "e" are the common endings.
    for ending in ("s", "e"):
        if folded_term.endswith(ending) and len(folded_term) > 4:
            folded_term = folded_term[: -len(ending)]
    return folded_term


def _pattern(terms):
    """Whole words of folded text beginning with a term's root, longest roots first."""
    roots = sorted({_root(_folded(term)) for term in terms if len(term) > 1}, key=len, reverse=True)
    roots = ["".join(char for char in root if char.isalnum()) for root in roots]
    roots = [root for root in roots if root]
    if not roots:
        return None
    # A name typed without its inner punctuation marks it as written: `migraction`, Migr'Action.
    spelt = ["['\u2019.-]?".join(re.escape(char) for char in root) for root in roots]
    return re.compile(r"(?<!\w)(?:" + "|".join(spelt) + r")[\w'\u2019.-]*(?<![.'\u2019-])")


def extract(texts, terms):
    """The first passage of `texts` ([(language, text)], preferred first) containing a term.

    Terms are compared without accents or case, and marked as whole words: a word is marked
    when it begins with the term, or with the term less a plural or feminine ending.
    """
    pattern = _pattern(terms)
    for language, text in texts:
        plain = _plain(text)
        found = pattern.search(_folded(plain)) if pattern else None
        if not found:
            continue
        start = max(0, found.start() - EXTRACT_LENGTH // 3)
        if start:
            start = plain.find(" ", start) + 1 or start
        passage = plain[start : start + EXTRACT_LENGTH]
        return Extract(
            html=_mark(passage, pattern, prefix=start > 0, suffix=start + EXTRACT_LENGTH < len(plain)),
            language=language,
        )
    language, text = texts[0]
    plain = _plain(text)
    passage = plain[:EXTRACT_LENGTH]
    ellipsis = "…" if len(plain) > EXTRACT_LENGTH else ""
    return Extract(html=mark_safe(escape(passage) + ellipsis), language=language)


def _mark(passage, pattern, prefix, suffix):
    parts, last = [], 0
    for match in pattern.finditer(_folded(passage)):
        parts.append(escape(passage[last : match.start()]))
        parts.append(f"<mark>{escape(passage[match.start() : match.end()])}</mark>")
        last = match.end()
    parts.append(escape(passage[last:]))
    return mark_safe(("…" if prefix else "") + "".join(parts) + ("…" if suffix else ""))


def name_rank(obj, query):
    """Where a result goes on its page: the query is its short name, then its title, then the
    query's words are all in its short name or title, then the rest (a sort key).

    Compared as search compares (projects.search_text): `migraction` is Migr'Action,
    `femme` is in "Femmes …".
    """
    key = search_text.name_key(query)
    acronym = str(getattr(obj, "acronym", "") or "")
    titles = [str(getattr(obj, name, "") or "") for name in ("title_fr", "title_en")]
    stems = set(search_text.query_text(query).split())
    named = search_text.stem_set(" ".join([acronym, *titles]))
    return (
        not (acronym and search_text.name_key(acronym) == key),
        not any(title and search_text.name_key(title) == key for title in titles),
        not (stems and stems <= named),
    )


def texts(obj, fields):
    """[(language, text)] of `fields`, the current language first, then the other."""
    texts = []
    for language in current_language_first():
        parts = []
        for field in fields:
            value = getattr(obj, f"{field}_{language}", None)
            if value is None:
                continue
            if hasattr(value, "stream_block"):
                # The indexable text of each block, without rendering images or documents.
                value = " ".join(value.stream_block.get_searchable_content(value))
            parts.append(str(value))
        texts.append((language, " ".join(parts)))
    return texts


# Suggestions ------------------------------------------------------------------

# A suggestion is looked for among the first few words of the query only, each at most this
# long: a 200-character query of junk words would otherwise compare hundreds of words with
# the whole vocabulary.
SUGGESTION_TERMS = 6
SUGGESTION_TERM_LENGTH = 40
# Similarity is 1 − edits / length of the longer word, an edit being a letter added, removed,
# changed or swapped with its neighbour: 0.7 accepts one edit in a word of four letters or
# more and two from seven ("algerei" → "Algérie", "vietman" → "Vietnam"), and rejects
# unrelated words. difflib's ratio, which counts common letters, ranks "Viêt" above "Vietnam"
# for "vietman": it only discards, cheaply, words that cannot be close.
SUGGESTION_CUTOFF = 0.7
WORD = re.compile(r"[^\W\d_]{3,}")
# A name written in parts (Migr'Action, INSER.ECO.Net) is a word of its own too.
COMPOUND = re.compile(r"[^\W\d_]+(?:['\u2019.-][^\W\d_]+)+")


def vocabulary(texts):
    """{folded word: (how it is written, languages it comes from)} of `texts` ([(language, text)]).

    The first spelling met is kept, so callers pass the current language's texts first.
    """
    words, folded_words = {}, {}
    for language, text in texts:
        compounds = [
            word
            for word in COMPOUND.findall(text or "")
            # "l'été" is the word "été", found on its own.
            if search_text.fold(re.split(r"['\u2019.-]", word, maxsplit=1)[0]) not in search_text.ELISIONS
        ]
        for word in compounds + WORD.findall(text or ""):
            # Titles repeat their words: each is folded once.
            folded = folded_words.get(word)
            if folded is None:
                folded = folded_words[word] = search_text.name_key(word)
            entry = words.get(folded)
            if entry is None:
                entry = words[folded] = (word, set())
            entry[1].add(language)
    return words


def edits(a, b):
    """How many letters to add, remove, change or swap with a neighbour to turn `a` into `b`."""
    previous, current = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


def _closest(folded, words, language):
    best, best_key = None, None
    matcher = difflib.SequenceMatcher(b=folded, autojunk=False)
    for candidate, (spelling, languages) in words.items():
        longest = max(len(candidate), len(folded))
        allowed = int(longest * (1 - SUGGESTION_CUTOFF) + 1e-9)
        if abs(len(candidate) - len(folded)) > allowed:
            continue
        matcher.set_seq1(candidate)
        # Fewer common letters than this and more than `allowed` edits are needed.
        if matcher.quick_ratio() < 2 * (longest - 2 * allowed) / (len(candidate) + len(folded)):
            continue
        distance = edits(folded, candidate)
        if distance > allowed:
            continue
        key = (-distance, language in languages, candidate)
        if best_key is None or key > best_key:
            best, best_key = (spelling, languages), key
    return best


@dataclass
class Suggestion:
    """A respelled query, and its language when every respelled word is the other language's."""

    text: str = ""
    language: str = ""


def suggestion(query, words, language):
    """The query with each word replaced by the closest word of `words`; empty if none is close.

    Compared without accents or case. A word of the query already in `words` stays as typed;
    a word with nothing close enough is left out. On a tie, a word of the page's language wins.
    """
    replaced, languages, seen = [], [], set()
    for term in query.split()[:SUGGESTION_TERMS]:
        folded = search_text.name_key(term)
        if folded in seen:
            continue
        seen.add(folded)
        if folded in words:
            replaced.append(term)
            continue
        if len(folded) < 3 or len(folded) > SUGGESTION_TERM_LENGTH:
            continue
        best = _closest(folded, words, language)
        if best:
            replaced.append(best[0])
            languages.append(best[1])
    if not languages:
        return Suggestion()
    others = set.intersection(*languages) if language not in set.union(*languages) else set()
    return Suggestion(text=" ".join(replaced), language=min(others) if len(others) == 1 else "")
