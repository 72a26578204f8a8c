"""Every public page runs a fixed number of SQL queries, however many projects it lists."""

import pytest

from partners.models import Partner
from projects.models import HomePageFeaturedProject, ProgramPage, ProjectPage, ProjectPartner

pytestmark = pytest.mark.django_db

# Counted on a warm cache (Wagtail caches the site's root paths after the first request).
PAGES = {
    "/fr/": 19,
    "/en/projects/": 12,
    "/en/archive/": 12,
    "/fr/migrations-et-integration/": 13,
    "/en/migration-and-integration/migraction/": 14,
    "/en/partners/": 11,
    "/en/no-such-page/": 6,
}


def add_projects(count):
    """More projects, each with an image, a partner and a place on the home page."""
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
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    add_projects(5)
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code in (200, 404)
