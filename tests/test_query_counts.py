"""Every public page runs a fixed number of SQL queries, however many projects it lists."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from projects.models import HomePageFeaturedProject, ProgramPage, ProjectPage, ProjectPartner

pytestmark = pytest.mark.django_db

# Nothing is cached by the site: every request reads what it shows (Wagtail keeps only the
# site's root paths in Django's cache after the first request, hence the first, uncounted one).
# Every Wagtail page reads the site, its home page and the view restrictions above it (one
# query, portfolio.pages.BasePage.get_view_restrictions), then one query per level of its path.
# The live + public rule (editorial.visibility) is a subquery of each read, not a query of its own.
# Every HTML page reads the organisation's identity in 3 queries (organisation/selectors.py): its
# settings with their two images, the renditions of both images, and the footer pages it links
# that are not among the home page's visible children (the header's navigation reads those once
# per request; the demo's Contact, Legal notice and Privacy pages are drafts, so the query runs).
# The home page's map counts projects per country in one grouped query (projects.listing.country_counts),
# and its key figures are one aggregate more (projects.selectors.key_figures). The demo's programs
# have no image (their motif stands for them): no renditions to read on the home and program pages.
# Every page below the home page checks that no page above it is unpublished (one query,
# editorial.wagtail_hooks: a live page under a draft is not served).
PAGES = {
    "/fr/": 14,
    "/en/projects/": 14,
    "/en/projects/?country=VN&status=archived": 14,
    # (A page beyond the last is a 404: the demo's archived projects fill two pages.)
    "/fr/projets/?status=archived&page=2": 14,
    "/en/archive/": 13,
    "/fr/migrations-et-integration/": 13,
    "/en/migration-and-integration/migraction/": 18,
    "/en/partners/": 12,
    "/en/search/?q=Vietnam": 10,
    "/fr/search/?q=Vietnam&page=2": 10,
    # No result: one query more for the suggestions' vocabulary's cache key.
    "/fr/search/?q=algerei": 10,
    "/en/no-such-page/": 8,
    "/sitemap.xml": 1,
    "/sitemap-pages.xml": 1,
    "/fr/feed/": 1,
}


def add_projects(count):
    """More projects, each with an image, a partner, a place on the home page, found by a search."""
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    image = ProjectPage.objects.get(acronym="SAARA").hero_image
    for number in range(count):
        partner = Partner.objects.create(name=f"Partenaire {number}", name_fr=f"Partenaire {number}")
        project = ProjectPage(
            title=f"Projet {number}",
            title_fr=f"Projet {number}",
            slug=f"projet-{number}",
            slug_fr=f"projet-{number}",
            slug_en=f"project-{number}",
            hero_image=image,
            summary_fr="Un projet au Vietnam.",
            summary_en="A project in Vietnam.",
            countries=["VN", "FR"],
            start_year=2001,
            end_year=2003,
        )
        program.add_child(instance=project)
        project.save_revision().publish()
        ProjectPartner.objects.create(page=project, partner=partner)
        HomePageFeaturedProject.objects.create(page_id=program.get_parent().pk, project=project)


@pytest.mark.parametrize(("url", "queries"), PAGES.items())
def test_query_count_is_pinned_and_does_not_grow(client, django_assert_num_queries, url, queries):
    # Wagtail's cached root paths outlive a test's rolled-back transaction: start from none.
    cache.clear()
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    add_projects(5)
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code in (200, 404)


def test_query_counts_stay_the_same_with_thirty_more_projects(client):
    """Thirty more projects (archived ones, in one program, each with a partner) change no page's count.

    Enough to spread the listing over more pages and to pass the program page's bounded
    selection (its link to the listing appears).
    """

    def counts():
        measured = {}
        for url in PAGES:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            measured[url] = len(queries)
        return measured

    before = counts()
    add_projects(30)
    assert counts() == before == PAGES
    assert "?page=4" in client.get("/en/projects/").text
