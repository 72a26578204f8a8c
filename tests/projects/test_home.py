"""The home page tells the story: the tagline, the home page's own introduction, key figures
counted from the projects (never typed), the programs with their motifs, and a way to contact
the organisation only when its Contact page is published."""

import pytest
from django.utils import timezone
from wagtail.models import Page

from organisation.models import OrganisationSettings
from projects.models import ProgramPage, ProjectPage
from tests.factories import ProjectPageFactory
from tests.html import select, select_one, text

pytestmark = pytest.mark.django_db

HOMES = {"fr": "/fr/", "en": "/en/"}


def figures(html):
    """{label: number} of the home page's key figures."""
    box = select_one(html, "dl.key-figures")
    return {text(term): int(text(term.getnext())) for term in box.cssselect("dt")}


def expected():
    """The figures as the ORM counts them: visible projects, their countries, years since the first."""
    projects = list(ProjectPage.objects.visible())
    countries = {country.code for project in projects for country in project.countries}
    years = [project.start_year or project.end_year for project in projects]
    first = min(year for year in years if year)
    return len(projects), len(countries), timezone.localdate().year - first, first


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("fr", ("projets", "pays", "ans d’action, depuis {first}")),
        ("en", ("projects", "countries", "years of work, since {first}")),
    ],
)
def test_key_figures_are_counted_from_the_projects(client, language, labels):
    projects, countries, years, first = expected()
    assert (projects, countries) == (28, 6)  # the demo: 28 visible projects in 6 countries
    found = figures(client.get(HOMES[language]).text)
    assert found == {labels[0]: projects, labels[1]: countries, labels[2].format(first=first): years}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_new_project_changes_the_figures(client, language):
    before = list(figures(client.get(HOMES[language]).text).values())
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    ProjectPageFactory(parent=program, countries=["SN"], start_year=1990)
    after = list(figures(client.get(HOMES[language]).text).values())
    assert after == [before[0] + 1, before[1] + 1, timezone.localdate().year - 1990]
    assert after[:2] == list(expected()[:2])


def test_an_unpublished_project_is_not_counted(client):
    before = figures(client.get("/en/").text)["projects"]
    ProjectPageFactory(parent=ProgramPage.objects.get(slug_en="migration-and-integration"), publish=False)
    assert figures(client.get("/en/").text)["projects"] == before


def test_the_hero_shows_the_tagline_and_the_home_pages_own_introduction(client, home):
    html = client.get("/en/").text
    assert text(select_one(html, "h1.hero__title")) == "Choosing a fairer world"
    assert text(select_one(html, ".hero__lead")) == " ".join(home.introduction_en.split())
    # The navigation is not repeated as an "Explore" block.
    assert not select(html, "#explore-heading")


def test_the_contact_link_appears_only_once_the_contact_page_is_published(client):
    contact = OrganisationSettings.objects.get().contact_page
    assert contact is not None and not contact.live  # the demo's Contact page is a draft
    html = client.get("/en/").text
    assert not select(html, ".contact-band") and "Contact us" not in html
    page = Page.objects.get(pk=contact.pk).specific
    page.save_revision().publish()
    html = client.get("/en/").text
    links = [link.get("href") for link in select(html, "a.button") if text(link) == "Contact us"]
    assert links and set(links) == {page.get_url()}


def test_program_tiles_and_cards_carry_their_programs_motif(client):
    html = client.get("/en/").text
    tiles = select(html, "li.program-tile")
    assert [tile.get("class").split()[-1] for tile in tiles] == [
        "program--migration",
        "program--gender-equality",
        "program--economic-integration",
        "program--civil-society",
    ]
    motifs = [tile.cssselect("img.program-tile__motif")[0].get("src") for tile in tiles]
    assert all(src.endswith(".svg") for src in motifs) and len(set(motifs)) == 4
