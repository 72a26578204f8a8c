"""Reading HTML in tests with a parser: elements by CSS selector, and their text as a reader sees it.

cards = select(response, ".card__title")
assert texts(response, ".card__title")[0] == "SAARA"
(box,) = select(response, "dl.facts")
"""

from lxml import html as lxml_html


def document(source):
    """The parsed page: from a response, its text, or an element already parsed."""
    if isinstance(source, lxml_html.HtmlElement):
        return source
    content = getattr(source, "content", source)
    if isinstance(content, str):
        content = content.encode()
    return lxml_html.document_fromstring(content)


def select(source, selector):
    """Every element matching a CSS selector, in document order."""
    return document(source).cssselect(selector)


def select_one(source, selector):
    """The one element matching a CSS selector (fails when there are none or several)."""
    found = select(source, selector)
    assert len(found) == 1, f"{len(found)} elements match {selector!r}"
    return found[0]


def text(element):
    """An element's text with spaces collapsed, as a reader sees it."""
    return " ".join(element.text_content().split())


def texts(source, selector):
    return [text(element) for element in select(source, selector)]


def outer_html(element):
    return lxml_html.tostring(element, encoding="unicode")


def strings(source):
    """Every text node of the page, spaces collapsed: what a regular expression like
    `>\\s*Title\\s*<` looked for, without the regular expression."""
    found = set()
    for element in document(source).iter():
        for node in (element.text, element.tail):
            if node and node.strip():
                found.add(" ".join(node.split()))
    return found
