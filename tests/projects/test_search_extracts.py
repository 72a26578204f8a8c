"""Search extracts, partners' links, the way out of no result, and junk queries.

What a query finds is in the table of tests/projects/test_search_table.py.
"""

import re

import pytest

from projects.highlight import extract

pytestmark = pytest.mark.django_db


def test_the_extract_marks_whole_words_matched_without_accents():
    html = extract(
        [("fr", "Des associations algériennes en Algérie accueillent des réfugiés.")], ["algerie"]
    ).html
    assert "<mark>algériennes</mark>" in html
    assert "<mark>Algérie</mark>" in html


def test_the_extract_marks_a_name_typed_without_its_punctuation():
    html = extract(
        [("fr", "Le projet Migr’Action et Dé-chiffrons les migrations.")], ["migraction", "dechiffrons"]
    ).html
    assert "<mark>Migr’Action</mark>" in html
    assert "<mark>Dé-chiffrons</mark>" in html


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
