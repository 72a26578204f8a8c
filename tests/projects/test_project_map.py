"""The home page's map of where the projects are: shapes from a package, links, counts, text list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from projects import worldmap
from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"
DEMO_COUNTRIES = {"FR", "VN", "DZ", "MA", "TN", "EG"}
LISTINGS = {"fr": "/fr/projets/", "en": "/en/projects/"}
NAMES = {
    "fr": {"DZ": "Algérie", "EG": "Égypte", "FR": "France", "MA": "Maroc", "TN": "Tunisie", "VN": "Vietnam"},
    "en": {"DZ": "Algeria", "EG": "Egypt", "FR": "France", "MA": "Morocco", "TN": "Tunisia", "VN": "Vietnam"},
}
# "Algérie : 6 projets" (narrow no-break space before the colon), "Algeria: 6 projects".
SEPARATOR = {"fr": f"{NNBSP}: ", "en": ": "}
PROJECTS_WORD = {"fr": ("projet", "projets"), "en": ("project", "projects")}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def project_map(client, language):
    section = soup(client.get(f"/{language}/")).find("section", class_="project-map")
    assert section is not None, "the home page has no map"
    return section


def parse_label(text, language):
    """("Algérie", 6) from "Algérie : 6 projets", checking the words and their spacing."""
    name, separator, rest = text.partition(SEPARATOR[language])
    assert separator, f"{text!r} is not written «name{SEPARATOR[language]}N {PROJECTS_WORD[language][1]}»"
    number, _space, word = rest.partition(" ")
    count = int(number)
    assert word == PROJECTS_WORD[language][count > 1], text
    return name, count


def country_of(href, language):
    parts = urlsplit(href)
    assert parts.path == LISTINGS[language]
    query = parse_qs(parts.query)
    assert list(query) == ["country"]
    return query["country"][0]


def listing_results(client, href):
    """The number of results the listing announces, and the cards it shows, on every page."""
    page = soup(client.get(href))
    announced = int(page.find(id="results-heading").get_text().split()[0])
    cards, url = 0, href
    while url:
        cards += len(page.select(".results .card"))
        following = page.select_one('.pagination a[rel="next"]')
        url = following["href"] if following else None
        if url:
            page = soup(client.get(urlsplit(href).path + url if url.startswith("?") else url))
    return announced, cards, page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_country_of_the_map_leads_to_the_listing_with_the_count_it_shows(client, language):
    section = project_map(client, language)
    shapes = section.select("svg a")
    assert {country_of(link["href"], language) for link in shapes} == DEMO_COUNTRIES
    for link in shapes:
        code = country_of(link["href"], language)
        # Each country is drawn (a path of its own) and named with its count (its <title>).
        assert link.find("path")["d"].startswith("M")
        name, count = parse_label(link.find("title").get_text(), language)
        assert name == NAMES[language][code]
        announced, cards, listing = listing_results(client, link["href"])
        assert count == announced == cards > 0, code
        # The listing is filtered by that country, named the same way.
        selected = listing.select_one('#filter-country ~ ul [aria-current="true"] .filters__label')
        assert selected is not None and selected.get_text(strip=True) == name


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_text_list_says_what_the_drawing_says(client, language):
    section = project_map(client, language)
    drawn = {link["href"]: link.find("title").get_text() for link in section.select("svg a")}
    listed = {link["href"]: link.get_text() for link in section.select(".project-map__list a")}
    assert listed == drawn
    names = [parse_label(text, language)[0] for text in listed.values()]
    assert len(names) == len(DEMO_COUNTRIES)
    # The drawing is a labelled group of links, in the page's language.
    svg = section.find("svg")
    assert svg["role"] == "group" and svg["aria-label"]
    assert section.find("h2").get_text(strip=True)


def test_counts_follow_what_is_published(client):
    """An unpublished project leaves the map's count and the listing's together."""
    project = ProjectPage.objects.live().filter(countries__contains="MA").first()
    before = {
        country_of(link["href"], "en"): parse_label(link.get_text(), "en")[1]
        for link in project_map(client, "en").select(".project-map__list a")
    }
    project.unpublish()
    after = {
        country_of(link["href"], "en"): parse_label(link.get_text(), "en")[1]
        for link in project_map(client, "en").select(".project-map__list a")
    }
    for country in project.countries:
        assert after.get(country.code, 0) == before[country.code] - 1
        if country.code in after:
            announced, cards, _page = listing_results(client, f"/en/projects/?country={country.code}")
            assert announced == cards == after[country.code]


def test_the_map_is_drawn_in_the_page_without_styles_or_requests(client):
    section = project_map(client, "fr")
    svg = section.find("svg")
    for element in [svg, *svg.find_all(True)]:
        assert not element.has_attr("style"), element.name
        for name, value in element.attrs.items():
            if name in ("href", "xlink:href"):
                assert value.startswith("/fr/projets/?"), value
            assert "http" not in str(value), name
    # Two frames (the Mediterranean and Indochina), each clipped and framed.
    assert len(svg.select("clipPath, clippath")) == 2
    assert len(svg.select("path.project-map__land")) == 2


def test_shapes_come_from_the_package_map():
    world = worldmap.world()
    # The package's file has about 250 countries keyed by ISO code.
    assert len(world) > 200 and {"fr", "vn", "dz", "ma", "tn", "eg"} <= set(world)
    drawn = worldmap.drawing(tuple(sorted(DEMO_COUNTRIES)))
    paths = {code: d for frame in drawn.frames for code, d in frame.countries.items()}
    assert set(paths) == DEMO_COUNTRIES
    width, height = (int(value) for value in drawn.view_box.split()[2:])
    for frame in drawn.frames:
        assert frame.x >= 0 and frame.x + frame.width <= width and frame.height <= height
    # Projects in a country no frame shows are still listed (the text list), just not drawn.
    assert "BR" not in {code for frame in worldmap.drawing(("BR", "FR")).frames for code in frame.countries}


def test_outlines_read_every_command_the_file_uses():
    # Relative moveto, lineto (implicit after m), horizontal and vertical lines, curves, closepath.
    rings = worldmap.outlines("m 10,10 5,0 v 5 h -5 c 0,-1 0,-2 0,-5 z M 100 100 L 110 100 L 110 110 Z")
    assert rings == [
        [(10, 10), (15, 10), (15, 15), (10, 15), (10, 10)],
        [(100, 100), (110, 100), (110, 110)],
    ]
