"""Every change that public pages show refreshes every cached page, in both languages.

Changes are made as an editor (or a translator, then an editor) through the admin; pages are
read by anonymous visitors. "miss" on a URL that answered "hit" before the change shows its
cached copy was left behind, and the content checks show the new copy is fresh.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage
from projects.templatetags.typography_tags import file_size
from tests.editorial.conftest import admin_form, client_for, edit_form, partner_form
from tests.editorial.test_workflow import NEW_SUMMARY, submit, workflow_action

from .conftest import SITE_URLS, assert_all_rendered_again, get, warm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture(autouse=True, params=["pages", "pages and rows"])
def row_cache_too(request, settings, page_cache):
    """Every change must also refresh what the row cache keeps beside the pages (production
    runs both): counts, routes, breadcrumbs, partners and each project's card."""
    settings.ROWCACHE_SECONDS = 600 if request.param == "pages and rows" else 0


def test_publishing_a_page_refreshes_every_page(acif, editor):
    urls = [*SITE_URLS, *acif.urls.values(), "/en/projects/?country=FR", "/fr/projets/?country=FR"]
    warm(urls)

    data = edit_form(acif, title_en="Acting Together for Girls", title_fr="Agir ensemble pour les filles")
    response = client_for(editor).post(f"/admin/pages/{acif.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302

    assert_all_rendered_again(urls)
    assert "Acting Together for Girls" in get(acif.urls["en"]).text
    assert "Agir ensemble pour les filles" in get(acif.urls["fr"]).text
    assert "Acting Together for Girls" in get("/en/search/?q=ACIF").text
    # Its card on the listing, in both languages.
    assert "Acting Together for Girls" in get("/en/projects/?country=FR").text
    assert "Agir ensemble pour les filles" in get("/fr/projets/?country=FR").text


def test_a_draft_keeps_the_cache(acif, editor):
    warm(acif.urls.values())
    data = edit_form(acif, title_en="A draft nobody sees yet")
    assert client_for(editor).post(f"/admin/pages/{acif.pk}/edit/", data).status_code == 302
    response = get(acif.urls["en"])
    assert response["X-Page-Cache"] == "hit"
    assert "A draft nobody sees yet" not in response.text


def test_unpublishing_a_page_refreshes_every_page(acif, editor):
    warm([*SITE_URLS, *acif.urls.values()])

    response = client_for(editor).post(f"/admin/pages/{acif.pk}/unpublish/")
    assert response.status_code == 302

    assert_all_rendered_again(SITE_URLS)
    for url in acif.urls.values():
        assert Client().get(url).status_code == 404
    assert acif.urls["en"] not in get("/en/projects/?country=FR").text
    assert acif.urls["fr"] not in get("/sitemap-pages.xml").text


def test_moving_a_page_refreshes_every_page(acif, editor):
    warm([*SITE_URLS, *acif.urls.values()])
    migrations = ProgramPage.objects.get(slug_en="migration-and-integration")

    response = client_for(editor).post(f"/admin/pages/{acif.pk}/move/{migrations.pk}/confirm/")
    assert response.status_code == 302

    assert_all_rendered_again(SITE_URLS)
    assert Client().get(acif.urls["en"]).status_code == 404
    assert get("/en/migration-and-integration/acif/")["X-Page-Cache"] == "miss"
    assert "/fr/migrations-et-integration/acif/" in get("/sitemap-pages.xml").text


def test_deleting_a_page_refreshes_every_page(acif, editor):
    warm([*SITE_URLS, *acif.urls.values()])

    response = client_for(editor).post(f"/admin/pages/{acif.pk}/delete/")
    assert response.status_code == 302
    assert not ProjectPage.objects.filter(pk=acif.pk).exists()

    assert_all_rendered_again(SITE_URLS)
    assert Client().get(acif.urls["fr"]).status_code == 404
    assert acif.urls["en"] not in get("/en/feed/").text


def test_approving_a_revision_in_the_workflow_refreshes_every_page(acif, translator, editor):
    urls = [*SITE_URLS, *acif.urls.values()]
    warm(urls)
    task_state = submit(client_for(translator), acif)
    # Submitting for review publishes nothing: the cached pages still stand.
    assert get(acif.urls["en"])["X-Page-Cache"] == "hit"

    response = workflow_action(client_for(editor), acif, task_state, "approve")
    assert response.status_code == 302

    assert_all_rendered_again(urls)
    assert NEW_SUMMARY in get(acif.urls["en"]).text


def test_saving_a_partner_refreshes_every_page(acif, editor):
    urls = [*SITE_URLS, *acif.urls.values()]
    warm(urls)
    partner = Partner.objects.get(acronym="CODASE")

    data = partner_form(partner, name_en="CODASE, renamed", name_fr="CODASE, renommé")
    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/", {**data, "action-publish": "1"}
    )
    assert response.status_code == 302

    assert_all_rendered_again(urls)
    assert "CODASE, renamed" in get(acif.urls["en"]).text
    assert "CODASE, renommé" in get("/fr/partenaires/").text


def test_saving_an_image_refreshes_every_page(acif, editor):
    urls = [*SITE_URLS, *acif.urls.values()]
    warm(urls)
    image = acif.hero_image

    data = admin_form(f"/admin/images/{image.pk}/", "w-editor-form")
    data.pop("file", None)
    data["description"] = "Girls playing football in Grenoble"
    response = client_for(editor).post(f"/admin/images/{image.pk}/", data)
    assert response.status_code == 302
    assert get_image_model().objects.get(pk=image.pk).description == "Girls playing football in Grenoble"

    assert_all_rendered_again(urls)
    assert 'alt="Girls playing football in Grenoble"' in get(acif.urls["fr"]).text


@pytest.fixture
def demo_note():
    """A demo project note whose file is put back afterwards: replacing a document's file in the
    admin deletes the old file from storage, which the rolled-back transaction cannot undo."""
    document = get_document_model().objects.filter(file__endswith=".pdf").first()
    name, content = document.file.name, document.file.read()
    document.file.close()
    yield document
    storage = document.file.storage
    if not storage.exists(name):
        storage.save(name, ContentFile(content))


def test_saving_a_document_refreshes_every_page(editor, demo_note):
    document = demo_note
    project = ProjectPage.objects.live().get(documents__document=document)
    url = project.get_url()
    warm([*SITE_URLS, url])
    size_before = document.file_size

    data = admin_form(f"/admin/documents/edit/{document.pk}/", "w-editor-form")
    data.pop("file", None)
    data["file"] = ContentFile(b"%PDF-1.4\n" + b"0" * 50_000, name="note.pdf")
    response = client_for(editor).post(f"/admin/documents/edit/{document.pk}/", data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file_size != size_before

    assert_all_rendered_again([*SITE_URLS, url])
    with translation.override("fr"):  # the project's URL is its French page's
        shown_size = file_size(document.file_size)
    assert shown_size in get(url).text


def test_a_page_made_private_is_no_longer_served_from_the_cache(acif, editor):
    warm(acif.urls.values())
    response = client_for(editor).post(
        f"/admin/pages/{acif.pk}/privacy/", {"restriction_type": "password", "password": "s3cret-pass"}
    )
    assert response.status_code == 200
    assert acif.get_view_restrictions().exists()

    answer = get(acif.urls["en"])
    assert "X-Page-Cache" not in answer
    assert acif.summary_en not in answer.text
    assert 'name="password"' in answer.text
