"""French typography applied to the text of every public HTML page, when it is rendered (docs/languages.md).

French puts a narrow no-break space (U+202F) before « ; : ! ? », inside « » and before the « % »
after a number; typewriter apostrophes between letters become ’ in every language. Each text
node follows the `lang` of the element it is in. The processor is a tokenizer over the page's
HTML, not a parser that rebuilds it: tags, comments and raw elements come out byte for byte.
"""

import re

from django.conf import settings

NARROW_NBSP = "\u202f"

# Elements whose contents are code, data or preformatted text: never rewritten.
_RAW = r"script|style|pre|code|kbd|samp|textarea"
_TOKENS = re.compile(
    rf"(<!--.*?-->|<(?:{_RAW})\b.*?</(?:{_RAW})\s*>|<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
_LANG = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]*)""")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)  # elements without an end tag: their lang covers no text

# A space written as a character or an entity, that the narrow no-break space replaces.
_SPACE = r"(?:[ \t\r\n\u00a0\u202f]|&nbsp;|&#160;|&#xa0;|&#8239;|&#x202f;)"
_APOSTROPHE = r"(?<=\w)(?:'|&#x27;|&#39;)(?=\w)"

_FRENCH = re.compile(
    "|".join(
        [
            rf"(?P<apostrophe>{_APOSTROPHE})",
            # "44,3 %" or "44,3%": the sign after a number, set off by a narrow no-break space
            # (before the entity rule, so "44,3&nbsp;%" is one match); "%20" in a URL is not a sign.
            rf"(?<=\d)(?P<percent>{_SPACE}*%)(?!\w)",
            # An entity is a word, not punctuation: the ";" of "&amp;" is left alone.
            r"(?P<entity>&#?[a-zA-Z0-9]+;)",
            # « ; : ! ? » after a space (replaced) or right after a word (a space is added), when
            # it ends the word: "https://", "10:30", "?page=2" or "?!" are not punctuation.
            rf"(?P<before>{_SPACE}*)(?P<mark>[;:!?](?![^\s<&\u00a0\u202f.,)»\]!?]))",
            rf"(?P<open>«){_SPACE}*",
            rf"{_SPACE}*(?P<close>»)",
        ]
    ),
    re.IGNORECASE,
)
_ENGLISH = re.compile(_APOSTROPHE)
_FRENCH_CANDIDATE = re.compile(r"[;:!?«»'%]")


def _french(match):
    group = match.lastgroup
    if group == "apostrophe":
        return "’"
    if group == "entity":
        return match.group(0)
    if group == "mark":
        before = match.group("before")
        start = match.start()
        if not before and start > 0 and match.string[start - 1] in "?!;:":
            return match.group(0)  # the second mark of "?!" sticks to the first
        # At the start of a text node too: the mark belongs to the element before ("<b>Pays</b>:").
        return NARROW_NBSP + match.group("mark")
    if group == "percent":
        return NARROW_NBSP + "%"
    if group == "open":
        return "«" + NARROW_NBSP
    return NARROW_NBSP + "»"


def french_text(text):
    """One French text node (as it is in the HTML, entities included) with French spacing."""
    # Most text nodes (indentation, words) have nothing to change: skip them cheaply.
    return _FRENCH.sub(_french, text) if _FRENCH_CANDIDATE.search(text) else text


def english_text(text):
    """One English text node with typographic apostrophes."""
    return _ENGLISH.sub("’", text) if "'" in text or "&#" in text else text


def typeset(html, language="fr"):
    """The HTML page with each text node set in the rules of the language it is in.

    `language` is the language of text outside any element with a `lang` attribute (the
    <html> element itself usually has one).
    """
    parts = _TOKENS.split(html)
    # Elements carrying lang, innermost last: [tag name, language, open elements of that name].
    stack = []
    current = language
    for index, part in enumerate(parts):
        if not part:
            continue
        if index % 2:  # a tag, a comment or a raw element
            if part[1] in "!?" or part[-2] == "/":
                continue
            name_match = _TAG_NAME.match(part)
            if name_match is None:
                continue
            name = name_match.group(1).lower()
            if part[1] == "/":
                if stack and stack[-1][0] == name:
                    stack[-1][2] -= 1
                    if not stack[-1][2]:
                        stack.pop()
                        current = stack[-1][1] if stack else language
                continue
            if name in _VOID:
                continue
            lang_match = _LANG.search(part)
            if lang_match is not None:
                current = (lang_match.group(1) or language).split("-")[0].lower()
                stack.append([name, current, 1])
            elif stack and stack[-1][0] == name:
                stack[-1][2] += 1
            continue
        parts[index] = french_text(part) if current == "fr" else english_text(part)
    return "".join(parts)


class FrenchTypographyMiddleware:
    """Sets the text of public HTML pages in French (or English) typography before it is cached.

    Placed inside the page cache and the compression middleware, so the cache keeps corrected
    pages and the work is done once per page and language, not once per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.get("Content-Encoding")
            or request.path.startswith(tuple(settings.TYPOGRAPHY_EXCLUDED_PATHS))
        ):
            return response
        charset = response.charset or "utf-8"
        try:
            html = response.content.decode(charset)
        except (UnicodeDecodeError, LookupError):
            return response  # not text the site wrote: left as it is
        if "lang=" not in html:
            return response
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        response.content = typeset(html, language=language).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
