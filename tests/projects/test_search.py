"""Site search over programs, projects and partners, in both languages, with marked extracts."""

import re

import pytest

from tests.html import select, select_one, text

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [
        # Pages show typographic apostrophes (portfolio/typography.py); the database has typed ones.
        text(title).replace("\u2019", "'")
        for title in select(response, ".search-results__title")
    ]


def result_count(response):
    return int(re.match(r"(\d+) r[eé]sult", text(select_one(response, ".results__heading"))).group(1))


def test_vietnam_finds_the_vietnamese_projects(client):
    response = client.get("/en/search/", {"q": "Vietnam"})
    titles = " ".join(result_titles(response))
    for expected in [
        "Phu Nu",
        "gender-based violence (GBV) and protecting its victims in Vietnam",
        "Ha Long Bay",
        "MOBIL'Hanoï",
    ]:
        assert expected in titles, expected
    assert "Migr'Action" not in titles


def test_violence_finds_the_violence_projects_in_english(client):
    titles = " ".join(result_titles(client.get("/en/search/", {"q": "violence"})))
    assert "gender-based violence (GBV) and protecting its victims in Vietnam" in titles
    assert "women victims of violence in the Mediterranean" in titles


def test_a_french_word_finds_projects_from_the_english_site(client):
    response = client.get("/en/search/", {"q": "Algérie"})
    titles = " ".join(result_titles(response))
    for expected in ["SAARA", "INNOV'Asso", "FORM'Algérie"]:
        assert expected in titles, expected
    # Results are shown in the visitor's language.
    assert "Supporting young people towards associative sector jobs" in titles


def test_french_search_shows_french_titles_and_marks_terms(client):
    response = client.get("/fr/search/", {"q": "violences"})
    titles = " ".join(result_titles(response))
    assert "Prévenir les violences basées sur le genre (VBG) au Vietnam et protéger les victimes" in titles
    assert "<mark>violences</mark>" in response.text.lower()


def test_extract_falls_back_to_the_other_language_marked_as_such(client):
    # A summary staff wrote in French only: an English search shows the French extract.
    from projects.models import ProjectPage

    project = ProjectPage.objects.get(slug_en="supporting-creation-of-economic-activities-in-figuig")
    project.summary_fr = "Des activités économiques créées à Figuig avec les habitants."
    project.save_revision().publish()
    response = client.get("/en/search/", {"q": "Figuig"})
    assert '<p class="search-results__extract" lang="fr">' in response.text
    assert "<mark>Figuig</mark>" in response.text


def test_partners_are_found(client):
    response = client.get("/en/search/", {"q": "GRDR"})
    assert "Partners and funders" in response.text
    assert "GRDR" in result_titles(response)


def test_results_are_paginated(client):
    response = client.get("/en/search/", {"q": "project projects programme program"})
    count = result_count(response)
    assert count > 10
    assert len(select(response, "li.search-results__item")) >= 10
    page_two = client.get("/en/search/", {"q": "project projects programme program", "page": 2})
    assert set(result_titles(page_two)).isdisjoint(result_titles(response)[:10])


def test_no_result_says_so(client):
    response = client.get("/fr/search/", {"q": "xylophonezzz"})
    assert response.status_code == 200
    assert result_count(response) == 0


def test_drafts_are_not_found(client):
    from projects.models import ProjectPage

    project = ProjectPage.objects.get(acronym="SAARA")
    project.unpublish()
    titles = " ".join(result_titles(client.get("/en/search/", {"q": "SAARA"})))
    assert "SAARA" not in titles


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "a" * 5000,
        "   ",
        "\x00\x01",
        "' OR 1=1 --",
        '"unbalanced',
        "AND OR NOT",
        "*",
        "🙂 Vietnam",
        "%",
    ],
)
def test_odd_queries_get_a_clear_page(client, query):
    for url in ("/en/search/", "/fr/search/"):
        response = client.get(url, {"q": query, "page": "abc"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text
        assert 'maxlength="200"' in response.text
