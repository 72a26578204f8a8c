"""Who may do what in the admin: every role tries every action through the real admin URLs.

An allowed action succeeds and changes the database; a refused one sends an anonymous visitor
to the login page and anyone else to the dashboard with "permission denied", and changes nothing.
"""

import html
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage

from .conftest import client_for, edit_form, make_user, partner_form

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "translator", "editor", "administrator"]
STAFF = {"translator", "editor", "administrator"}
PUBLISHERS = {"editor", "administrator"}
NEW_SUMMARY = "Summary typed in the matrix test"
# Wagtail's "permission denied" message, in the admin's default language (French).
with translation.override("fr"):
    PERMISSION_DENIED = translation.gettext("Sorry, you do not have permission to access this area.")


@pytest.fixture
def project():
    """A live project under the migrations program, with no sub-pages."""
    return ProjectPage.objects.get(acronym="Phu Nu")


def _templates(response):
    return [template.name for template in response.templates]


def view_dashboard(client, project):
    response = client.get("/admin/")
    return response, response.status_code == 200 and "wagtailadmin/home.html" in _templates(response)


def open_page_editor(client, project):
    response = client.get(f"/admin/pages/{project.pk}/edit/")
    return response, response.status_code == 200 and 'name="summary_en"' in response.text


def submit_for_moderation(client, project):
    response = client.post(
        f"/admin/pages/{project.pk}/edit/",
        {**edit_form(project, summary_en=NEW_SUMMARY), "action-submit": "1"},
    )
    project.refresh_from_db()
    submitted = (
        project.workflow_in_progress
        and project.get_latest_revision_as_object().summary_en == NEW_SUMMARY
        and project.summary_en != NEW_SUMMARY  # the live page waits for the review
    )
    return response, submitted


def publish(client, project):
    response = client.post(
        f"/admin/pages/{project.pk}/edit/",
        {**edit_form(project, summary_en=NEW_SUMMARY), "action-publish": "1"},
    )
    project.refresh_from_db()
    return response, project.live and project.summary_en == NEW_SUMMARY


def unpublish(client, project):
    response = client.post(f"/admin/pages/{project.pk}/unpublish/")
    project.refresh_from_db()
    return response, not project.live


def delete(client, project):
    response = client.post(f"/admin/pages/{project.pk}/delete/")
    return response, not ProjectPage.objects.filter(pk=project.pk).exists()


def delete_program_with_its_projects(client, project):
    program = ProgramPage.objects.get(pk=project.get_parent().pk)
    assert program.get_children().count() > 1
    response = client.post(f"/admin/pages/{program.pk}/delete/")
    return response, not ProgramPage.objects.filter(pk=program.pk).exists()


def move(client, project):
    destination = ProjectPage.objects.get(acronym="SAARA").get_parent()
    assert project.get_parent().pk != destination.pk
    response = client.post(f"/admin/pages/{project.pk}/move/{destination.pk}/confirm/")
    project.refresh_from_db()
    return response, project.get_parent().pk == destination.pk


def add_child_page(client, project):
    program = project.get_parent()
    data = nested_form_data(
        {
            "title_fr": "Nouveau projet de test",
            "title_en": "New test project",
            "slug_fr": "nouveau-projet-de-test",
            "slug_en": "new-test-project",
            "body_fr": streamfield([]),
            "body_en": streamfield([]),
            "partner_links": inline_formset([]),
            "documents": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/add/projects/projectpage/{program.pk}/", data)
    created = ProjectPage.objects.child_of(program).filter(slug_fr="nouveau-projet-de-test").exists()
    return response, created


def manage_users(client, project):
    get_user_model().objects.create_user("listed-person", "listed@example.org", "secret-password-1")
    response = client.get("/admin/users/")
    return response, response.status_code == 200 and "listed-person" in response.text


def submit_partner_edit(client, project):
    partner = Partner.objects.get(acronym="GRDR")
    response = client.post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {**partner_form(partner, name_en="Renamed in the matrix test"), "action-submit": "1"},
    )
    partner.refresh_from_db()
    submitted = (
        partner.latest_revision is not None
        and partner.latest_revision.as_object().name_en == "Renamed in the matrix test"
        and partner.name_en != "Renamed in the matrix test"  # the live partner waits for the review
        and partner.workflow_in_progress
    )
    return response, submitted


def publish_partner_edit(client, project):
    partner = Partner.objects.get(acronym="GRDR")
    response = client.post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {**partner_form(partner, name_en="Renamed in the matrix test"), "action-publish": "1"},
    )
    partner.refresh_from_db()
    return response, partner.name_en == "Renamed in the matrix test"


def add_partner(client, project):
    data = {"name_fr": "Association de test", "name_en": "Test association", "acronym": "ADT"}
    response = client.post("/admin/snippets/partners/partner/add/", data)
    return response, Partner.objects.filter(name_fr="Association de test").exists()


def delete_partner(client, project):
    partner = Partner.objects.create(name_fr="Partenaire éphémère", name_en="Passing partner")
    response = client.post(f"/admin/snippets/partners/partner/delete/{partner.pk}/")
    return response, not Partner.objects.filter(pk=partner.pk).exists()


@dataclass
class Action:
    perform: object
    allowed: set
    # A translator's "publish" is not an error page: Wagtail saves the edit as a draft instead.
    refused_as_draft: bool = False


ACTIONS = {
    "view the dashboard": Action(view_dashboard, STAFF),
    "open the page editor": Action(open_page_editor, STAFF),
    "submit for moderation": Action(submit_for_moderation, STAFF),
    "publish": Action(publish, PUBLISHERS, refused_as_draft=True),
    "unpublish": Action(unpublish, PUBLISHERS),
    "delete a page": Action(delete, PUBLISHERS),
    "delete a program with its projects": Action(delete_program_with_its_projects, {"administrator"}),
    "move a page": Action(move, PUBLISHERS),
    "add a child page": Action(add_child_page, PUBLISHERS),
    "manage users": Action(manage_users, {"administrator"}),
    "submit a partner edit": Action(submit_partner_edit, STAFF),
    "publish a partner edit": Action(publish_partner_edit, PUBLISHERS, refused_as_draft=True),
    "add a partner": Action(add_partner, PUBLISHERS),
    "delete a partner": Action(delete_partner, PUBLISHERS),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, action, project):
    spec = ACTIONS[action]
    client = Client() if role == "anonymous" else client_for(make_user(role))

    response, done = spec.perform(client, project)

    if role in spec.allowed:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert not response.url.startswith("/admin/login/")
            assert response.url != "/admin/", "redirected to the dashboard: permission denied?"
        assert done, f"{role} may {action}, but it did not happen"
        return

    assert not done, f"{role} may not {action}, but it happened"
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/?next=")
    elif spec.refused_as_draft:
        assert response.status_code == 302
        # Back to the edit form of what was edited (the page, or the partner), saved as a draft.
        assert re.fullmatch(r"/admin/(pages/\d+|snippets/partners/partner)/edit/(\d+/)?", response.url)
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url == "/admin/"
            messages = [html.unescape(" ".join(str(m).split())) for m in response.wsgi_request._messages]
            assert messages == [PERMISSION_DENIED]


def test_translator_cannot_delete_a_draft_page_either(translator, editor):
    program = ProjectPage.objects.get(acronym="SAARA").get_parent()
    draft = ProjectPage(
        title="Brouillon", title_fr="Brouillon", slug="brouillon", slug_fr="brouillon", live=False
    )
    program.add_child(instance=draft)
    draft.save_revision()

    response = client_for(translator).post(f"/admin/pages/{draft.pk}/delete/")
    # Wagtail answers a refusal by sending the user back to the dashboard with a message.
    assert (response.status_code, response.url) == (302, "/admin/")
    assert ProjectPage.objects.filter(pk=draft.pk).exists()

    response = client_for(editor).post(f"/admin/pages/{draft.pk}/delete/")
    assert response.status_code == 302
    assert not ProjectPage.objects.filter(pk=draft.pk).exists()
