"""Bad input in the admin gets a clear error next to the field, keeps what was typed, saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from projects.models import ProjectPage

from .conftest import client_for, edit_form, field_errors, field_value

pytestmark = pytest.mark.django_db

TYPED = "A summary the editor typed before noticing the error"


def post_edit(client, page, **changes):
    return client.post(f"/admin/pages/{page.pk}/edit/", edit_form(page, summary_en=TYPED, **changes))


def assert_nothing_saved(page, revisions_before):
    saved = ProjectPage.objects.get(pk=page.pk)
    assert saved.revisions.count() == revisions_before
    assert (saved.title_fr, saved.title_en, saved.slug_fr, saved.slug_en, saved.summary_en) == (
        page.title_fr,
        page.title_en,
        page.slug_fr,
        page.slug_en,
        page.summary_en,
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_over_long_title_is_a_form_error(editor, language):
    page = ProjectPage.objects.get(acronym="Phu Nu")
    revisions = page.revisions.count()
    too_long = "T" * 256

    response = post_edit(client_for(editor), page, **{f"title_{language}": too_long})

    assert response.status_code == 200
    # Django's own message, in the admin's language (French by default).
    assert field_errors(response.text, f"title_{language}") == [
        "Assurez-vous que cette valeur comporte au plus 255 caractères (actuellement 256)."
    ]
    assert field_value(response.text, f"title_{language}") == too_long
    assert field_value(response.text, "summary_en") == TYPED
    assert_nothing_saved(page, revisions)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_slug_already_used_by_a_sibling_is_a_form_error(editor, language):
    page = ProjectPage.objects.get(acronym="Phu Nu")
    sibling = ProjectPage.objects.get(acronym="Migr'Action")
    assert sibling.get_parent().pk == page.get_parent().pk
    taken = getattr(sibling, f"slug_{language}")
    revisions = page.revisions.count()

    response = post_edit(client_for(editor), page, **{f"slug_{language}": taken})

    assert response.status_code == 200
    # Each language's slug is checked against the siblings' (once), in the editor's language.
    assert field_errors(response.text, f"slug_{language}") == ["Ce slug est déjà utilisé"]
    assert field_value(response.text, f"slug_{language}") == taken
    assert field_value(response.text, "summary_en") == TYPED
    assert_nothing_saved(page, revisions)


def test_a_slug_used_by_a_project_elsewhere_is_fine(editor):
    """Only siblings share a URL prefix: a project in another program may use the same slug."""
    page = ProjectPage.objects.get(acronym="Phu Nu")
    elsewhere = ProjectPage.objects.get(acronym="SAARA")
    assert elsewhere.get_parent().pk != page.get_parent().pk

    response = post_edit(client_for(editor), page, slug_en=elsewhere.slug_en)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().slug_en == elsewhere.slug_en


def test_a_file_that_is_not_an_image_is_refused_by_the_image_library(editor):
    images = get_image_model().objects.count()
    upload = SimpleUploadedFile("x.png", b"Just some text, not a picture.", content_type="image/png")

    response = client_for(editor).post("/admin/images/add/", {"title": "Team photo", "file": upload})

    assert response.status_code == 200
    assert (
        "Téléversez une image valide. Le fichier que vous avez transféré n’est pas une image ou bien est "
        "corrompu." in " ".join(response.text.split())
    )
    assert field_value(response.text, "title") == "Team photo"
    assert get_image_model().objects.count() == images
