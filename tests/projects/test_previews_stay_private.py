"""A preview or a saved draft shows what an editor is working on to the editor only.

The site keeps nothing of a page between requests, so nothing a preview reads can reach
visitors: the home page's featured projects and a project's partners, as previewed, never
show on the public pages, in either language (issue 20: a shared row cache once did).
"""

import pytest
from django.utils import translation

from partners.models import Partner
from projects.models import HomePage, HomePageFeaturedProject, ProjectPage, ProjectPartner

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en")


def public(client, page):
    pages = {}
    for language in LANGUAGES:
        with translation.override(language):
            pages[language] = client.get(page.get_url()).text
    return pages


def slugs(page):
    slug = {}
    for language in LANGUAGES:
        with translation.override(language):
            slug[language] = page.slug
    return slug


def preview(page):
    return {
        language: page.make_preview_request(preview_mode=language).content.decode() for language in LANGUAGES
    }


def test_a_previewed_home_page_draft_changes_nothing_public(client):
    home = HomePage.objects.get()
    featured = [link.project_id for link in home.featured_projects.all()]
    other = ProjectPage.objects.live().exclude(pk__in=featured).order_by("path").first()
    before = public(client, home)

    draft = home.get_latest_revision_as_object()
    draft.introduction_en = draft.introduction_fr = "Introduction d’un brouillon"
    draft.featured_projects = [HomePageFeaturedProject(project=other)]
    draft.save_revision()
    previewed = preview(draft)

    # The preview shows the draft (so the comparison below can fail)…
    assert all("Introduction d’un brouillon" in html for html in previewed.values())
    assert all(f"/{slugs(other)[language]}/" in previewed[language] for language in LANGUAGES)
    # …and visitors still see the published page, byte for byte.
    assert public(client, home) == before


def test_a_previewed_project_draft_keeps_its_partners_private(client):
    project = ProjectPage.objects.live().get(acronym="ACIF")
    before = public(client, project)
    partner = Partner.objects.create(name="Partenaire du brouillon", name_fr="Partenaire du brouillon")

    draft = project.get_latest_revision_as_object()
    draft.partner_links = [ProjectPartner(partner=partner)]
    draft.save_revision()
    assert all("Partenaire du brouillon" in html for html in preview(draft).values())

    after = public(client, project)
    assert after == before
    assert all("Partenaire du brouillon" not in html for html in after.values())
