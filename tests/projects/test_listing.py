"""The projects index: filters that combine, counts per option, pagination, and bad input."""

import re
from html import unescape

import pytest

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

URL = "/en/projects/"
FR_URL = "/fr/projets/"


def card_titles(response):
    return [
        # Pages show typographic apostrophes (portfolio/typography.py); the database has typed ones.
        unescape(title).replace("\u2019", "'")
        for title in re.findall(r'class="card__link" href="[^"]+"[^>]*>([^<]+)</a>', response.text)
    ]


def option_counts(response, name):
    """{label: count} of one filter's options as shown."""
    group = re.search(rf'id="filter-{name}".*?</ul>', response.text, re.S).group(0)
    return {
        unescape(label): int(count)
        for label, count in re.findall(
            r'class="filters__label">([^<]+)</span>\s*<span class="filters__count">(\d+)', group
        )
    }


def total(response):
    return int(re.search(r'id="results-heading"[^>]*>(\d+) project', response.text).group(1))


def live_projects():
    return list(ProjectPage.objects.live())


def test_unfiltered_listing_shows_every_project_over_pages(client):
    first = client.get(URL)
    assert first.status_code == 200
    projects = live_projects()
    assert total(first) == len(projects)
    assert len(card_titles(first)) == 12
    pages = -(-len(projects) // 12)
    titles = card_titles(first)
    for number in range(2, pages + 1):
        titles += card_titles(client.get(URL + f"?page={number}"))
    assert sorted(titles) == sorted(project.title_en for project in projects)
    # Current projects come first.
    current = {project.title_en for project in live_projects() if not project.is_archived}
    assert set(titles[: len(current)]) == current


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=VN", lambda p: "VN" in p.countries),
        ("?country=dz", lambda p: "DZ" in p.countries),
        ("?status=current", lambda p: not p.is_archived),
        ("?status=archived", lambda p: p.is_archived),
        (
            "?program=gender-equality-and-violence-against-women",
            lambda p: p.get_parent().slug_en == "gender-equality-and-violence-against-women",
        ),
        ("?country=VN&status=archived", lambda p: "VN" in p.countries and p.is_archived),
        (
            "?country=FR&status=current&program=migration-and-integration",
            lambda p: (
                "FR" in p.countries
                and not p.is_archived
                and p.get_parent().slug_en == "migration-and-integration"
            ),
        ),
    ],
)
def test_filters_and_their_combinations_match_the_database(client, query, expected):
    response = client.get(URL + query)
    matching = [project for project in live_projects() if expected(project)]
    assert total(response) == len(matching) > 0
    shown = set(card_titles(response))
    assert shown <= {project.title_en or project.title_fr for project in matching}


def test_counts_of_each_option_follow_the_other_filters(client):
    response = client.get(URL + "?status=current")
    countries = option_counts(response, "country")
    active = [project for project in live_projects() if not project.is_archived]
    assert countries["Vietnam"] == sum("VN" in project.countries for project in active)
    assert countries["Algeria"] == sum("DZ" in project.countries for project in active)
    statuses = option_counts(response, "status")
    everything = live_projects()
    # The status facet ignores the status filter itself, so both options keep their counts.
    assert statuses == {
        "Current": sum(not project.is_archived for project in everything),
        "Archived": sum(project.is_archived for project in everything),
    }


def test_current_filters_are_shown_and_removable_one_by_one(client):
    response = client.get(URL + "?country=VN&status=archived")
    chips = re.findall(r'class="active-filters__chip" href="([^"]+)">([^<]+)<', response.text)
    assert [(unescape(href), label) for href, label in chips] == [
        ("?status=archived", "Vietnam"),
        ("?country=VN", "Archived"),
    ]
    assert 'class="active-filters__clear" href="?"' in response.text


def test_empty_result_says_so_and_offers_to_clear(client):
    response = client.get(URL + "?country=EG&program=migration-and-integration")
    assert total(response) == 0
    assert "No project matches these filters." in response.text
    assert "Clear all filters and see every project" in response.text


def test_filter_links_are_shareable_and_go_back_to_page_one(client):
    response = client.get(URL + "?status=archived&page=2")
    links = [unescape(href) for href in re.findall(r'class="filters__option" href="([^"]+)"', response.text)]
    assert links and all("page=" not in link for link in links)
    assert "?country=VN&status=archived" in links


def test_pagination_keeps_the_filters(client):
    response = client.get(URL + "?status=archived")
    archived = [project for project in live_projects() if project.is_archived]
    assert len(archived) > 12  # more than one page
    assert total(response) == len(archived)
    assert 'href="?status=archived&amp;page=2"' in response.text


def test_french_listing_uses_french_slugs_and_names(client):
    response = client.get(FR_URL + "?program=migrations-et-integration&country=FR")
    assert response.status_code == 200
    assert "Migrations et intégration" in unescape(response.text)
    assert total_fr(response) > 0


def total_fr(response):
    return int(re.search(r'id="results-heading"[^>]*>(\d+) projet', response.text).group(1))


def test_a_program_slug_from_the_other_language_still_filters(client):
    english = total(client.get(URL + "?program=migration-and-integration"))
    shared_from_french = client.get(URL + "?program=migrations-et-integration")
    assert total(shared_from_french) == english
    assert "were not recognised" not in shared_from_french.text


def test_switcher_keeps_the_filters(client):
    response = client.get(URL + "?country=VN&status=current")
    assert 'href="/fr/projets/?country=VN&amp;status=current" hreflang="fr"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        "?country=ZZ",
        "?page=abc",
        "?page=1.5",
        "?program=%3Cscript%3Ealert(1)%3C/script%3E",
        "?status=paused",
        "?country=" + "A" * 3000,
        "?country=VN&country=FR",
        "?program=",
        "?status=%00",
    ],
)
def test_bad_filter_values_get_a_clear_page(client, query):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert total(response) > 0
    if any(name in query for name in ("ZZ", "script", "paused", "AAAA")):
        assert "Some filters in the address were not recognised and have been ignored." in response.text


def test_links_drop_the_values_the_listing_rejected(client):
    """A rejected value (unknown program, junk status) is reported once and carried by no link."""
    # (A page number beyond the last is a 404: tests/projects/test_standards.py.)
    response = client.get(URL + "?program=nonexistent&status=junk&country=VN&utm=x")
    assert response.status_code == 200
    assert "not recognised" in response.text
    hrefs = [
        unescape(href)
        for href in re.findall(
            r'<a class="(?:pagination|filters|active-filters)__[a-z]+" href="([^"]*)"', response.text
        )
    ]
    assert hrefs
    for href in hrefs:
        assert "nonexistent" not in href and "junk" not in href and "utm" not in href, href


def test_pagination_links_keep_the_accepted_filters_only(client):
    response = client.get(URL + "?page=2&program=nonexistent")
    pagination = re.search(r'<nav class="pagination".*?</nav>', response.text, re.S).group(0)
    links = [unescape(href) for href in re.findall(r'href="([^"]*)"', pagination)]
    assert links and all(link.startswith("?page=") for link in links), links
    assert "?page=1" in links and "?page=3" in links
    filtered = client.get(URL + "?page=2&program=nonexistent&status=archived")
    pagination = re.search(r'<nav class="pagination".*?</nav>', filtered.text, re.S).group(0)
    links = [unescape(href) for href in re.findall(r'href="([^"]*)"', pagination)]
    assert links and all(link.startswith("?status=archived&page=") for link in links), links


def test_a_page_number_that_is_not_one_shows_the_first_page(client):
    response = client.get(URL + "?page=junk")
    assert response.status_code == 200
    assert card_titles(response) == card_titles(client.get(URL))
