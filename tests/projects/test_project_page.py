"""Project pages show everything about a project; the archive groups archived projects by decade."""

import re

import pytest

from projects.models import ProjectPage
from tests.factories import ProgramPageFactory, ProjectPageFactory
from tests.html import select, select_one, text, texts

pytestmark = pytest.mark.django_db

GBV_EN = "/en/gender-equality-and-violence-against-women/gender-based-violence-in-vietnam/"


def test_documents_show_format_size_and_language(client):
    response = client.get(GBV_EN)
    size = (
        ProjectPage.objects.get(slug_en="gender-based-violence-in-vietnam").documents.get().document.file_size
    )
    assert size > 1000
    meta = text(select_one(response, ".document-list__meta"))
    match = re.fullmatch(r"\(PDF, ([\d.,]+) KB, English\)", meta)
    assert match, meta
    assert abs(float(match.group(1).replace(",", ".")) - size / 1024) < 0.2


def test_related_projects_share_a_program_or_a_country(client):
    response = client.get(GBV_EN)
    (heading,) = select(response, "#related-heading")
    related = next(parent for parent in heading.iterancestors() if parent.tag == "section")
    assert "Phu Nu" in text(related)  # also in Vietnam
    assert len(related.cssselect(".card")) == 3


def test_breadcrumbs_lead_to_the_listing_through_the_program(client):
    response = client.get(GBV_EN)
    crumbs = select_one(response, "nav.breadcrumbs")
    links = [link.get("href") for link in crumbs.cssselect("a[href]")]
    assert links[:2] == ["/en/projects/", "/en/gender-equality-and-violence-against-women/"]
    assert crumbs.cssselect('[aria-current="page"]')


def test_partners_and_their_role_are_in_the_facts_box(client):
    response = client.get("/en/gender-equality-and-violence-against-women/acif/")
    box = select_one(response, "dl.facts")
    assert "Partners" in texts(box, "dt")
    assert len(box.cssselect('a[href^="/en/partners/#partner-"]')) == 3


def test_archive_groups_projects_by_decade_with_their_dates(client):
    before = len(select(client.get("/en/archive/"), "li.archive-list__item"))
    ProjectPageFactory(
        parent=ProgramPageFactory(),
        title_en="A nineties project",
        start_year=1994,
        end_year=1997,
        archived=True,
    )
    response = client.get("/en/archive/")
    headings = texts(response, 'h2[id^="period-"]')
    assert headings == ["The 2010s", "The 2000s", "The 1990s"]
    items = select(response, "li.archive-list__item")
    assert len(items) == before + 1
    nineties = next(item for item in items if "A nineties project" in text(item))
    assert "(1994–1997)" in text(nineties)
    assert "Long march" in response.text
    assert "(2006–2008)" in response.text
    assert "(2002–April 2016)" in response.text


def test_program_lists_current_projects_first(client):
    response = client.get("/en/economic-and-professional-integration/")
    titles = texts(response, "a.card__link[href]")
    assert titles[0].startswith(("Pooling", "Supporting young people"))
    assert any("MOBIL" in title or "Promoting his/her" in title for title in titles[2:])
