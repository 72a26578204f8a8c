"""A search without results is never a dead end: a respelled query that finds something, and the listing.

Runs on SQLite and, when DATABASE_URL is set, on PostgreSQL: the suggestion is computed the
same way on both (projects.highlight.suggestion) and only offered when it finds results there.
"""

import re
import time

import pytest

from projects.highlight import edits, suggestion, vocabulary
from tests.html import select, select_one, text

pytestmark = pytest.mark.django_db


def result_count(response):
    return int(re.match(r"(\d+) r[eé]sult", text(select_one(response, ".results__heading"))).group(1))


def offered(response):
    """(link, suggested words, stated count) of the page's suggestion, or None."""
    found = select(response, "p.search-suggestion")
    if not found:
        return None
    (link,) = found[0].cssselect("a[href]")
    count = int(re.search(r"\((\d+) r[eé]sult(?:s|at|ats)?\)", text(found[0])).group(1))
    return link.get("href"), text(link), count


@pytest.mark.parametrize(
    ("language", "query", "suggested"),
    [
        ("fr", "algerei", "Algérie"),
        ("en", "algerei", "Algérie"),
        ("en", "vietman", "Vietnam"),
        ("fr", "Marok", "Maroc"),
        ("en", "Marocco", "Morocco"),
        ("fr", "integation", "intégration"),
        ("fr", "saraa", "SAARA"),
        # A word nothing resembles is left out of the suggestion.
        ("en", "violnce xyzzyqw", "violence"),
    ],
)
def test_a_misspelt_query_is_offered_the_site_spelling(client, language, query, suggested):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    assert result_count(response) == 0
    link, words, count = offered(response)
    assert words == suggested
    assert link.startswith(f"/{language}/search/?q=")
    followed = client.get(link)
    assert result_count(followed) == count > 0


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Did you mean <a "), ("fr", "Vouliez-vous dire <a ")],
)
def test_the_suggestion_is_worded_in_the_page_language(client, language, text):
    response = client.get(f"/{language}/search/", {"q": "algerei"})
    assert text in response.text


def test_a_word_only_the_other_language_writes_is_marked_with_its_language(client):
    # "refugess" is one letter from the English "refugees", two from the French "réfugiés".
    response = client.get("/fr/search/", {"q": "refugess"})
    assert re.search(r'<a href="/fr/search/\?q=refugees"><span lang="en">refugees</span></a>', response.text)
    assert offered(response)[2] > 0


def test_nothing_close_offers_no_suggestion_but_the_listing(client):
    response = client.get("/en/search/", {"q": "xylophonezzz"})
    assert offered(response) is None
    assert "Browse and filter all projects" in response.text


def test_no_suggestion_when_results_were_found(client):
    response = client.get("/fr/search/", {"q": "Algérie"})
    assert result_count(response) > 0
    assert offered(response) is None


def test_a_suggestion_that_finds_nothing_is_not_offered(client, monkeypatch):
    from projects import selectors

    # A word no public page is indexed with (a stop word on PostgreSQL would be one).
    monkeypatch.setattr(selectors, "search_vocabulary", lambda: vocabulary([("fr", "Zanzibar")]))
    response = client.get("/fr/search/", {"q": "zanzibr"})
    assert result_count(response) == 0
    assert offered(response) is None
    assert "Parcourir et filtrer tous les projets" in response.text


def test_an_unpublished_project_lends_no_word(client):
    from projects.models import ProjectPage

    assert offered(client.get("/fr/search/", {"q": "saraa"}))[1] == "SAARA"
    ProjectPage.objects.get(acronym="SAARA").unpublish()
    found = offered(client.get("/fr/search/", {"q": "saraa"}))
    assert found is None or found[1] != "SAARA"


@pytest.mark.parametrize(
    "query",
    [
        '"algerei',
        "<script>alert(1)</script> algerei",
        "algerei <b>bold</b> & | ! <-> :*",
        "algerei " * 700,
        "<img src=x onerror=alert(1)>" * 200,
        "é" * 5000,
    ],
)
def test_junk_around_a_misspelt_word_is_never_reflected_unescaped(client, query):
    for language in ("fr", "en"):
        response = client.get(f"/{language}/search/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert" not in response.text
        assert "<img src=x" not in response.text
        assert "<b>bold" not in response.text
        # Other words of the query may find something; if none does, "algerei" is respelled.
        if "algerei" in query and not result_count(response):
            assert offered(response)[1] == "Algérie"


# Every HTML page also reads the organisation's identity in 3 queries (see tests/test_query_counts.py).
IDENTITY = 3


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Projects only, then programs and projects on one page: the same count.
        ("/en/search/?q=SAARA", IDENTITY + 7),
        ("/fr/search/?q=integration", IDENTITY + 7),
        ("/en/search/?q=Vietnam", IDENTITY + 7),
        # Partners found: two more, for their directory's address and the page that lists each.
        ("/en/search/?q=GRDR", IDENTITY + 9),
        ("/fr/search/?q=algerie", IDENTITY + 9),
        # No result: the suggestion's count replaces the two reads of results; the vocabulary is
        # cached since the first request, under the searchable pages' count and latest
        # publication (one small query).
        ("/fr/search/?q=algerei", IDENTITY + 7),
        ("/en/search/?q=violnce+xyzzyqw", IDENTITY + 7),
        # No result and nothing close: no suggestion to count.
        ("/en/search/?q=xylophonezzz", IDENTITY + 6),
    ],
)
def test_search_query_count_is_pinned(client, django_assert_num_queries, url, queries):
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_the_suggestion_costs_the_same_queries_with_more_projects(client, django_assert_num_queries):
    from tests.test_query_counts import add_projects

    url = "/fr/search/?q=algerei"
    client.get(url)
    with django_assert_num_queries(IDENTITY + 7):
        client.get(url)
    add_projects(20)
    # Publishing changed the searchable pages' count and latest publication: the vocabulary is
    # read again, once.
    with django_assert_num_queries(IDENTITY + 8):
        client.get(url)
    with django_assert_num_queries(IDENTITY + 7):
        assert offered(client.get(url))[1] == "Algérie"


def test_a_published_change_reaches_the_suggestions(client):
    from projects.models import ProjectPage

    assert offered(client.get("/en/search/", {"q": "zanzibr"})) is None
    project = ProjectPage.objects.get(acronym="SAARA")
    project.title_en = "Associations of Zanzibar"
    project.save_revision().publish()
    link, words, count = offered(client.get("/en/search/", {"q": "zanzibr"}))
    assert words == "Zanzibar"
    assert count == 1


# The matching itself -------------------------------------------------------------


def test_edits_count_a_swap_of_neighbours_as_one():
    assert edits("algerei", "algerie") == 1
    assert edits("vietman", "vietnam") == 2
    assert edits("saraa", "saara") == 1
    assert edits("kitten", "sitting") == 3
    assert edits("", "abc") == 3


def test_the_closest_word_wins_not_the_one_sharing_most_letters():
    words = vocabulary([("fr", "Viêt Nam"), ("en", "Vietnam")])
    assert suggestion("vietman", words, "fr").text == "Vietnam"


def test_on_a_tie_the_page_language_spelling_wins():
    words = vocabulary([("fr", "Algérie"), ("en", "Algeria")])
    # "algeri" is one letter from both.
    assert suggestion("algeri", words, "fr").text == "Algérie"
    assert suggestion("algeri", words, "en").text == "Algeria"
    assert suggestion("algeri", words, "en").language == ""
    assert suggestion("algerai", words, "fr").language == "en"


def test_accents_and_case_are_ignored_and_known_words_kept_as_typed():
    words = vocabulary([("fr", "Réfugiés en Algérie")])
    assert suggestion("REFUGIES algerei", words, "fr").text == "REFUGIES Algérie"
    # Every word known already: nothing to suggest.
    assert suggestion("refugies algerie", words, "fr").text == ""


def test_only_the_first_words_of_a_long_query_are_compared():
    words = vocabulary([("en", "violence gender partner")])
    assert suggestion("violnce", words, "en").text == "violence"
    assert suggestion("qwerty asdfgh zxcvbn poiuyt lkjhgf mnbvcx violnce", words, "en").text == ""


def test_a_repeated_word_is_suggested_once():
    words = vocabulary([("fr", "Algérie")])
    assert suggestion("algerei ALGEREI algérei", words, "fr").text == "Algérie"


def test_a_long_query_against_a_large_vocabulary_stays_fast():
    # 20,000 distinct words (more than 10,000 projects' titles give) and six long junk words.
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = " ".join(
        letters[i % 26] + letters[(i // 26) % 26] + letters[(i // 676) % 26] + "tion" for i in range(20000)
    )
    words = vocabulary([("en", text)])
    started = time.perf_counter()
    suggestion(" ".join(["abcdefghijklmnopqrstuvwxyzabcdefghijklmn"] * 6), words, "en")
    suggestion("zzz yyy xxx www vvv uuu", words, "en")
    assert time.perf_counter() - started < 2
