"""Editors edit both languages of every page in the Wagtail admin, and bad dates get a form error."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "secret-password-1")
    client.force_login(user)
    return client


def test_project_edit_form_shows_both_languages(editor_client):
    project = ProjectPage.objects.get(acronym="SAARA")
    response = editor_client.get(f"/admin/pages/{project.pk}/edit/")
    assert response.status_code == 200
    html = response.text
    for field in ["title", "slug", "subtitle", "summary", "places"]:
        assert f'name="{field}_fr"' in html, field
        assert f'name="{field}_en"' in html, field
    # Stream fields are drawn by JavaScript from a JSON description of their panel.
    assert '"fieldName": "body_fr"' in html
    assert '"fieldName": "body_en"' in html
    assert "Sharing our knowledge, strengthening our actions" in html
    assert "Partager nos savoirs, renforcer nos actions" in html


def test_partner_snippet_form_shows_both_languages(editor_client):
    from partners.models import Partner

    partner = Partner.objects.get(acronym="GRDR")
    response = editor_client.get(f"/admin/snippets/partners/partner/edit/{partner.pk}/")
    assert response.status_code == 200
    assert 'name="name_fr"' in response.text
    assert 'name="description_en"' in response.text


def test_admin_offers_only_projects_under_a_program(editor_client):
    project = ProjectPage.objects.get(acronym="SAARA")
    program = project.get_parent()
    response = editor_client.get(f"/admin/pages/{program.pk}/add_subpage/")
    # A program holds only projects, so Wagtail goes straight to the project form.
    assert response.status_code == 302
    assert "/add/projects/projectpage/" in response.headers["Location"]


def _project_form(project, **changes):
    data = {
        "title_fr": project.title_fr,
        "title_en": project.title_en,
        "slug_fr": project.slug_fr,
        "slug_en": project.slug_en,
        "acronym": project.acronym,
        "summary_fr": project.summary_fr,
        "summary_en": project.summary_en,
        "body_fr": streamfield([]),
        "body_en": streamfield([]),
        "countries": [country.code for country in project.countries],
        "start_year": project.start_year or "",
        "end_year": project.end_year or "",
        "partner_links": inline_formset([]),
        "documents": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_an_end_date_before_the_start_date_is_a_form_error(editor_client):
    project = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    response = editor_client.post(
        f"/admin/pages/{project.pk}/edit/",
        _project_form(project, start_year=2016, end_year=2002, summary_en="Typed by the editor"),
    )
    assert response.status_code == 200
    # The admin speaks the editor's language: French by default.
    assert "La date de fin est antérieure à la date de début." in response.text
    # What the editor typed is still in the form; nothing was saved.
    assert "Typed by the editor" in response.text
    project.refresh_from_db()
    assert (project.start_year, project.end_year) == (2002, 2016)


def test_a_valid_edit_is_saved(editor_client):
    project = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    response = editor_client.post(
        f"/admin/pages/{project.pk}/edit/", _project_form(project, summary_en="A new summary")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.get_latest_revision_as_object().summary_en == "A new summary"
