"""French typography on every kind of page: spaces before « ; : ! ? », apostrophes, units, dates."""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation
from lxml import html as lxml_html

from portfolio.typography import NARROW_NBSP, typeset
from projects.models import ProjectDocument, ProjectPage
from tests.html import texts

pytestmark = pytest.mark.django_db

RAW = {"script", "style", "pre", "code", "kbd", "samp", "textarea"}
# An ordinary (or full no-break) space before a double mark, or inside « ».
WRONG_SPACE = re.compile(r"[ \t\n\u00a0][;:!?»]|«[ \t\n\u00a0]")
FRENCH_PAGES = [
    "/fr/",
    "/fr/projets/",
    "/fr/projets/?program=migrations-et-integration&country=FR",
    "/fr/migrations-et-integration/",
    "/fr/migrations-et-integration/migraction/",
    "/fr/partenaires/",
    "/fr/archives/",
    "/fr/search/?q=femmes",
    "/fr/search/?q=zzzzzz",
    "/fr/page-qui-n-existe-pas/",
    "/fr/donnees-ouvertes/",
    # French text shown on an English page (not yet translated) is set in French too.
    "/en/migration-and-integration/ile-de-france-chinese-community-integration/",
]
MIDDLEWARE_OFF = [name for name in settings.MIDDLEWARE if not name.endswith("FrenchTypographyMiddleware")]


def french_text_nodes(text):
    """Each text node of a page that is in French (by the lang of its nearest marked element)."""
    document = lxml_html.document_fromstring(text)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for node, owner in ((element.text, element), (element.tail, element.getparent())):
            if not node or owner is None or owner.tag in RAW:
                continue
            marked = next((e for e in [owner, *owner.iterancestors()] if e.get("lang")), None)
            if marked is not None and marked.get("lang").startswith("fr"):
                yield node


def typography_faults(text):
    faults = []
    for node in french_text_nodes(text):
        if WRONG_SPACE.search(node):
            faults.append(("space", node.strip()[:80]))
        if node.lstrip(" \t\n").startswith(":"):
            faults.append(("starts with a colon", node[:80]))
        if re.search(r"\w[;:!?](\s|$)", node):
            faults.append(("no space", node.strip()[:80]))
    return faults


def get(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return response.content.decode()


@pytest.mark.parametrize("url", FRENCH_PAGES)
def test_french_pages_space_double_marks_and_never_start_a_line_with_a_colon(client, url):
    assert typography_faults(get(client, url)) == []


def test_without_the_typesetter_the_same_pages_have_faults(client):
    """The check above can fail: the interface's own strings ("Pays :") carry ordinary spaces."""
    with override_settings(MIDDLEWARE=MIDDLEWARE_OFF):
        faults = typography_faults(get(client, "/fr/projets/"))
    assert faults


def test_french_project_page_in_full(client):
    text = get(client, "/fr/migrations-et-integration/migraction/")
    assert f"priorité française{NARROW_NBSP}: la revitalisation" in text
    # Typewriter apostrophes of names become typographic ones, in text only.
    assert "Migr’Action" in text
    assert "Migr&#x27;Action" not in text.split("</head>")[1].split("<script")[0]


def test_urls_attributes_and_scripts_are_left_as_they_are(client):
    url = "/fr/projets/?program=migrations-et-integration"
    text = get(client, url)
    with override_settings(MIDDLEWARE=MIDDLEWARE_OFF):
        untouched = get(Client(), url)  # a new client: one that served a request keeps its middleware

    def outside_text(page):
        # Everything in the head but the title, and every attribute of the page.
        head = page.split("</head>")[0]
        return head.split("<title>")[0] + head.split("</title>")[1], re.findall(r'\w+="[^"]*"', page)

    # Byte for byte what the page has without the typesetter (the content's own ’ included).
    assert outside_text(text) == outside_text(untouched)
    assert text != untouched  # and the typesetter did change its text
    assert 'href="/en/projects/?program=migration-and-integration"' in text
    assert '<script type="application/ld+json">{"@context": "https://schema.org"' in text


def test_the_typesetter_reads_text_only():
    page = (
        '<html lang="fr"><head><title>Pays : France</title>'
        '<script type="application/ld+json">{"a": "b ; c", "u": "https://x.org/?a=1"}</script></head>'
        '<body><p title="a : b">Pays: <a href="/fr/?program=a:b">France</a>!</p>'
        "<pre>x = 1 ;</pre><code>a : b</code><p>« Choisir » 10:30 https://x.org Tom &amp; Jerry l'été"
        ' Quoi ?!</p><p lang="en">Hello: it\'s</p><dl><dt>Pays</dt><dd>\n : France</dd></dl></body></html>'
    )
    n = NARROW_NBSP
    assert typeset(page) == (
        f'<html lang="fr"><head><title>Pays{n}: France</title>'
        '<script type="application/ld+json">{"a": "b ; c", "u": "https://x.org/?a=1"}</script></head>'
        f'<body><p title="a : b">Pays{n}: <a href="/fr/?program=a:b">France</a>{n}!</p>'
        f"<pre>x = 1 ;</pre><code>a : b</code><p>«{n}Choisir{n}» 10:30 https://x.org Tom &amp; Jerry l’été"
        f' Quoi{n}?!</p><p lang="en">Hello: it’s</p><dl><dt>Pays</dt><dd>{n}: France</dd></dl></body></html>'
    )


def test_french_quoted_on_an_english_page_gets_french_spacing():
    assert typeset('<html lang="en"><p>Note: <q lang="fr">Pays : France</q></p></html>', "en") == (
        f'<html lang="en"><p>Note: <q lang="fr">Pays{NARROW_NBSP}: France</q></p></html>'
    )


def test_file_sizes_and_language_names_as_each_language_writes_them(client):
    document = ProjectDocument.objects.filter(document__file_size__gt=1024).select_related("page").first()
    assert document is not None
    french = get(client, document.page.specific.url)
    assert re.search(r"\d+,\d\xa0Ko, (anglais|français)\)", french)
    assert "Kio" not in french
    with translation.override("en"):
        english_url = document.page.specific.get_url()
    english = get(client, english_url)
    assert re.search(r"\d+\.\d\xa0KB, (English|French)\)", english)


def test_one_country_is_labelled_in_the_singular(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    project.countries = ["DZ"]
    project.save_revision().publish()
    english = get(client, "/en/civil-society-strengthening/saara/")
    assert "<dt>Country</dt><dd>Algeria</dd>" in english
    project.countries = ["DZ", "MA"]
    project.save_revision().publish()
    english = get(client, "/en/civil-society-strengthening/saara/")
    assert "<dt>Countries</dt><dd>Algeria, Morocco</dd>" in english


def test_date_ranges_have_one_style(client):
    text = get(client, "/en/archive/")
    periods = [period.strip("()") for period in texts(text, ".archive-list__period")]
    assert periods
    assert not [period for period in periods if " – " in period or " - " in period]
    assert any("\u2013" in period for period in periods)


@pytest.mark.parametrize(
    "path, content_type, changed",
    [
        ("/fr/", "text/html; charset=utf-8", True),
        ("/admin/pages/", "text/html; charset=utf-8", False),
        ("/fr/api/", "application/json", False),
        ("/documents/1/note.html", "text/html; charset=utf-8", False),
    ],
)
def test_only_public_html_pages_are_typeset(rf, path, content_type, changed):
    from django.http import HttpResponse

    from portfolio.typography import FrenchTypographyMiddleware

    body = '<html lang="fr"><p>Pays : France</p></html>'
    middleware = FrenchTypographyMiddleware(lambda request: HttpResponse(body, content_type=content_type))
    request = rf.get(path)
    request.LANGUAGE_CODE = "fr"
    response = middleware(request)
    assert (response.content.decode() != body) is changed
    if response.has_header("Content-Length"):
        assert response["Content-Length"] == str(len(response.content))


def test_a_percent_sign_is_held_to_its_number_in_french_only():
    n = NARROW_NBSP
    page = (
        '<html lang="fr"><p>44,3 % pour les garçons, 27,7% pour les filles, 100&nbsp;% '
        '<a href="/x?a=1%20b">1%20b</a> taux%</p><p lang="en">27.7% and 44.3 %</p></html>'
    )
    assert typeset(page) == (
        f'<html lang="fr"><p>44,3{n}% pour les garçons, 27,7{n}% pour les filles, 100{n}% '
        '<a href="/x?a=1%20b">1%20b</a> taux%</p><p lang="en">27.7% and 44.3 %</p></html>'
    )


def test_the_french_acif_page_never_breaks_a_figure_from_its_percent_sign(client):
    text = get(client, "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/acif/")
    assert f"44,3{NARROW_NBSP}% pour les garçons" in text
    assert re.search(r"\d[ \u00a0]%", text.split("<body")[1]) is None
