"""Search forgives accents and word forms: one matrix of query → expected projects, on SQLite and PostgreSQL.

The suite runs on PostgreSQL when DATABASE_URL is set. PostgreSQL has French and English
stemmers (see projects/search_backend.py); SQLite's full-text index ignores accents but has no
stemmer, so a few rows expect less there (documented in README, "Search").
"""

import re

import pytest
from django.db import connection

from projects.highlight import extract
from tests.html import select, text

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def result_titles(response):
    return [
        # Pages show typographic apostrophes (portfolio/typography.py); the database has typed ones.
        text(title).replace("\u2019", "'")
        for title in select(response, "li.search-results__item > h3.search-results__title > a")
    ]


# (language of the page, query, projects expected among the results, on SQLite too?)
MATRIX = [
    ("fr", "Algérie", ["SAARA", "INNOV'Asso", "FORM'Algérie"], True),
    ("fr", "algerie", ["SAARA", "INNOV'Asso", "FORM'Algérie"], True),
    ("en", "ALGERIE", ["SAARA", "INNOV'Asso", "FORM'Algérie"], True),
    ("fr", "réfugiés", ["Migr'Action"], True),
    ("fr", "refugies", ["Migr'Action"], True),
    ("fr", "réfugié", ["Migr'Action"], False),
    ("en", "refugie", ["Migr'Action"], False),
    ("fr", "intégration", ["Migrations et intégration", "ACIF"], True),
    ("en", "integration", ["Migration and integration", "ACIF"], True),
    ("fr", "violences", ["Prévenir les violences basées sur le genre"], True),
    # Found on SQLite too: the other language's text has this form.
    ("fr", "violence", ["Prévenir les violences basées sur le genre"], True),
    ("en", "violence", ["gender-based violence (GBV) in Vietnam"], True),
    ("en", "violences", ["gender-based violence (GBV) in Vietnam"], True),
    ("en", "femmes", ["Phu Nu"], True),
    ("en", "femme", ["Phu Nu"], False),
    ("en", "project", ["FORM'Algérie", "E'Changeons"], True),
    ("en", "projects", ["FORM'Algérie", "E'Changeons"], False),
    # A query in the other language than the page.
    ("en", "Algérie", ["SAARA", "FORM'Algérie"], True),
    ("fr", "refugees", ["Migr'Action"], True),
]


@pytest.mark.parametrize(("language", "query", "expected", "on_sqlite"), MATRIX)
def test_query_finds_the_expected_projects(client, language, query, expected, on_sqlite):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    titles = " ".join(result_titles(response))
    if POSTGRES or on_sqlite:
        for title in expected:
            assert title in titles, (query, title, titles)
    else:
        # No stemmer on SQLite: another word form of the text's word finds nothing.
        for title in expected:
            assert title not in titles, (query, title, titles)


@pytest.mark.parametrize(
    ("language", "query", "first"),
    [
        ("fr", "SAARA", "SAARA"),
        ("en", "saara", "SAARA"),
        ("en", "ACIF", "ACIF"),
        ("fr", "mobil hanoi", "MOBIL'Hanoï"),
        ("en", "MOBIL'Hanoï", "MOBIL'Hanoï"),
    ],
)
def test_a_short_name_puts_its_project_first(client, language, query, first):
    titles = result_titles(client.get(f"/{language}/search/", {"q": query}))
    assert titles and titles[0].startswith(first), titles


@pytest.mark.skipif(not POSTGRES, reason="relevance ranking by field weight is PostgreSQL's")
def test_a_title_match_comes_before_a_body_only_match(client):
    titles = result_titles(client.get("/fr/search/", {"q": "algerie"}))
    assert titles[0].startswith("FORM'Algérie"), titles


def test_the_extract_marks_whole_words_matched_without_accents():
    html = extract(
        [("fr", "Des associations algériennes en Algérie accueillent des réfugiés.")], ["algerie"]
    ).html
    assert "<mark>algériennes</mark>" in html
    assert "<mark>Algérie</mark>" in html


def test_the_extract_marks_other_word_forms():
    html = extract(
        [("fr", "La violence faite aux réfugié et les projects.")], ["violences", "refugies", "project"]
    ).html
    assert "<mark>violence</mark>" in html
    assert "<mark>réfugié</mark>" in html
    assert "<mark>projects</mark>" in html


def test_the_page_marks_a_whole_accented_word(client):
    text = client.get("/fr/search/", {"q": "algerie"}).text
    assert re.search(r"<mark>alg[ée]rie[^<]*</mark>", text, re.IGNORECASE)
    assert not re.search(r"</mark>[a-zé]", text), "a mark ends inside a word"


def test_partners_link_to_their_directory_entry(client):
    from partners.models import Partner

    grdr = Partner.objects.get(acronym="GRDR")
    text = client.get("/en/search/", {"q": "GRDR"}).text
    anchor = re.search(rf'href="([^"]*)#partner-{grdr.pk}"', text)
    assert anchor
    directory = client.get(anchor.group(1))
    assert f'id="partner-{grdr.pk}"' in directory.text


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Browse and filter all projects"), ("fr", "Parcourir et filtrer tous les projets")],
)
def test_no_result_offers_the_listing_and_its_filters(client, language, label):
    text = client.get(f"/{language}/search/", {"q": "xylophonezzz"}).text
    link = re.search(rf'<a href="([^"]+)">{label}', text)
    assert link
    assert client.get(link.group(1)).status_code == 200


@pytest.mark.parametrize(
    "query",
    ['"réfugiés', "algerie & | ! <->", "refugies:*", "'", "\\", "(((", "a b c " * 1000, "é" * 5000, "!!!"],
)
def test_junk_queries_never_fail(client, query):
    for language in ("fr", "en"):
        response = client.get(f"/{language}/search/", {"q": query})
        assert response.status_code == 200
