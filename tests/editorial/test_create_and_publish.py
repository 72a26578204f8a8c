"""Creating a page with "Publish" when its French is incomplete leaves a draft that nothing public shows.

Wagtail's create view adds the page as a live row, then asks the before_publish_page hooks;
when the translation policy refused, the page stayed live without being published.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from projects.models import ProgramPage, ProjectPage

from .conftest import client_for

pytestmark = pytest.mark.django_db

MARKER = "Quuxplorable"


def create(client, program, **extra):
    data = nested_form_data(
        {
            "title_fr": f"{MARKER} projet",
            "title_en": f"{MARKER} project",
            "slug_fr": "quuxplorable-projet",
            "slug_en": "quuxplorable-project",
            "summary_en": f"{MARKER}: an English-only summary about Vietnam.",
            "countries": ["VN"],
            "start_year": "2020",
            "body_fr": streamfield([]),
            "body_en": streamfield([]),
            "partner_links": inline_formset([]),
            "documents": inline_formset([]),
            "comments": inline_formset([]),
            **extra,
        }
    )
    return client.post(f"/admin/pages/add/projects/projectpage/{program.pk}/", data)


def public_reads():
    urls = ["/sitemap-pages.xml", "/api/v1/projects/", "/iati/activities.xml", "/fr/feed/", "/en/feed/"]
    for language, listing in (("fr", "projets"), ("en", "projects")):
        urls += [
            f"/{language}/{listing}/",
            f"/{language}/{listing}/?country=VN",
            f"/{language}/search/?q={MARKER}",
        ]
    urls += ["/fr/donnees-ouvertes/projets.csv", "/en/open-data/projects.csv"]
    return urls


def test_create_and_publish_with_incomplete_french_leaves_a_draft(editor):
    program = ProgramPage.objects.live().get(slug_en="migration-and-integration")
    response = create(client_for(editor), program, **{"action-publish": "1"})
    assert response.status_code == 302
    page = ProjectPage.objects.get(slug_fr="quuxplorable-projet")
    # The page exists as a draft, and the admin says what is missing.
    assert not page.live
    assert page.live_revision is None and page.first_published_at is None
    text = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "pas publié" in text or "not published" in text

    visitor = Client()
    for language in ("fr", "en"):
        with translation.override(language):
            url = page.get_url()
        assert visitor.get(url).status_code == 404, url
    for url in public_reads():
        response = visitor.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert "quuxplorable-proje" not in body, url  # neither its address
        if "search" not in url:  # (a search page repeats its query)
            assert MARKER not in body, url  # nor its title or summary


def test_create_and_publish_when_complete_still_publishes(editor):
    program = ProgramPage.objects.live().get(slug_en="migration-and-integration")
    response = create(
        client_for(editor),
        program,
        summary_fr=f"{MARKER} : un résumé en français.",
        **{"action-publish": "1"},
    )
    assert response.status_code == 302
    page = ProjectPage.objects.get(slug_fr="quuxplorable-projet")
    assert page.live and page.live_revision is not None
    assert Client().get(page.url).status_code == 200
