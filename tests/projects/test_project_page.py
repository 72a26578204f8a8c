"""Project pages show everything about a project; the archive groups archived projects by decade."""

import re

import pytest

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

GBV_EN = "/en/gender-equality-and-violence-against-women/gender-based-violence-in-vietnam/"


def test_documents_show_format_size_and_language(client):
    response = client.get(GBV_EN)
    size = (
        ProjectPage.objects.get(slug_en="gender-based-violence-in-vietnam").documents.get().document.file_size
    )
    assert size > 1000
    match = re.search(r'class="document-list__meta">\(PDF, ([\d.,]+)\xa0KB, English\)', response.text)
    assert match, "document meta missing"
    assert abs(float(match.group(1).replace(",", ".")) - size / 1024) < 0.2


def test_related_projects_share_a_program_or_a_country(client):
    response = client.get(GBV_EN)
    related = re.search(r'id="related-heading".*?</section>', response.text, re.S).group(0)
    assert "Phu Nu" in related  # also in Vietnam
    assert related.count('class="card"') == 3


def test_breadcrumbs_lead_to_the_listing_through_the_program(client):
    response = client.get(GBV_EN)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', response.text, re.S).group(0)
    assert 'href="/en/projects/"' in crumbs
    assert 'href="/en/gender-equality-and-violence-against-women/"' in crumbs
    assert 'aria-current="page"' in crumbs


def test_partners_and_their_role_are_in_the_facts_box(client):
    response = client.get("/en/gender-equality-and-violence-against-women/acif/")
    box = re.search(r'<dl class="facts">.*?</dl>', response.text, re.S).group(0)
    assert "<dt>Partners</dt>" in box
    assert box.count('href="/en/partners/#partner-') == 3


def test_archive_groups_projects_by_decade_with_their_dates(client):
    response = client.get("/en/archive/")
    headings = re.findall(r"<h2 id=\"period-\d+\">([^<]+)</h2>", response.text)
    assert headings == ["The 2010s", "The 2000s"]
    assert "Long march" in response.text
    assert "(2006–2008)" in response.text
    assert "(2002–April 2016)" in response.text
    assert response.text.count('class="archive-list__item"') == 17


def test_program_lists_current_projects_first(client):
    response = client.get("/en/economic-and-professional-integration/")
    titles = re.findall(r'class="card__link" href="[^"]+"[^>]*>([^<]+)</a>', response.text)
    assert titles[0].startswith(("Pooling", "Supporting young people"))
    assert any("MOBIL" in title or "Promoting his/her" in title for title in titles[2:])
