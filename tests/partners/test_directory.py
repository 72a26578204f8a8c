"""The partners directory lists every organisation with its projects, in both languages."""

import pytest
from django.utils.html import escape

from partners.models import Partner
from projects.models import ProjectPage, ProjectPartner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "council"),
    [
        ("/fr/partenaires/", "Conseil régional d’Île-de-France"),
        ("/en/partners/", "Ile-de-France Regional Council"),
    ],
)
def test_directory_lists_partners_and_their_projects(client, url, council):
    response = client.get(url)
    assert response.status_code == 200
    for partner in Partner.objects.all():
        assert partner.acronym in response.text
    assert escape(council) in response.text
    # MOBIL'Hanoï is the council's project; ACIF is the project of the three Grenoble partners.
    # Shown with a typographic apostrophe (portfolio/typography.py).
    assert "MOBIL’Hanoï" in response.text
    assert response.text.count(">ACIF</a>") == 3


def test_project_page_shows_its_partners_with_role(client):
    response = client.get("/en/gender-equality-and-violence-against-women/acif/")
    assert "CODASE" in response.text
    assert "<dt>Partners</dt>" in response.text


def test_directory_shows_a_mark_for_every_partner(client):
    # A monogram while the demo's partners have no logo (tests/partners/test_marks.py).
    assert 'class="monogram' in client.get("/en/partners/").text


def entries(response):
    """(partner pk, number of project links, the 'and N more' line) of each directory entry."""
    return {
        partner.pk: (len(partner.project_links.all()), partner.more_projects)
        for group in response.context["groups"]
        for partner in group.partners
    }


@pytest.mark.parametrize("url", ["/fr/partenaires/", "/en/partners/"])
def test_an_entry_lists_its_first_projects_and_says_how_many_more(client, monkeypatch, url):
    monkeypatch.setattr("partners.models.PROJECTS_SHOWN", 1)
    # Demo partners have one project each: give one of them two more.
    partner = Partner.objects.filter(live=True, project_links__isnull=False).first()
    for project in ProjectPage.objects.live().exclude(partner_links__partner=partner)[:2]:
        ProjectPartner.objects.create(page=project, partner=partner, role="partner")
    response = client.get(url)
    shown = entries(response)
    counts = {
        partner.pk: partner.project_links.filter(page__live=True).count() for partner in Partner.objects.all()
    }
    many = [pk for pk, count in counts.items() if count > 1]
    assert many, "the demo has a partner with several projects"
    for pk in many:
        assert shown[pk] == (1, counts[pk] - 1)
    more = "and {} more projects" if url.startswith("/en/") else "et {} autres projets"
    assert more.format(counts[many[0]] - 1) in response.text


def test_the_directory_pages_through_its_organisations_and_search_links_to_the_right_page(
    client, monkeypatch
):
    monkeypatch.setattr("partners.models.PARTNERS_PER_PAGE", 2)
    assert Partner.objects.filter(live=True).count() >= 4
    first = client.get("/en/partners/")
    second = client.get("/en/partners/", {"page": 2})
    on_first, on_second = set(entries(first)), set(entries(second))
    assert len(on_first) == len(on_second) == 2
    assert not on_first & on_second
    assert 'rel="next"' in first.text and "?page=2" in first.text
    # A later page is canonical to itself; a page number that is not one shows page one.
    assert '<link rel="canonical" href="http://testserver/en/partners/?page=2">' in second.text
    assert set(entries(client.get("/en/partners/", {"page": "x<script>"}))) == on_first
    # Search results link to an organisation's entry on the page that lists it.
    partner = Partner.objects.get(pk=sorted(on_second)[0])
    text = client.get("/en/search/", {"q": partner.acronym or partner.name}).text
    assert f'href="/en/partners/?page=2#partner-{partner.pk}"' in text
