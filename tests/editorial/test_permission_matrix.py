"""Who may do what in the admin: every role tries every action through the real admin URLs.

An allowed action succeeds and changes the database; a refused one sends an anonymous visitor
to the login page and anyone else to the dashboard with "permission denied" (or back where they
came from with the reason), and changes nothing. Single views, bulk actions, review approval,
scheduled publication and user administration are all covered: no role can do more than its own.
"""

import html
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage

from .conftest import client_for, edit_form, make_user, partner_form

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "translator", "editor", "administrator"]
STAFF = {"translator", "editor", "administrator"}
PUBLISHERS = {"editor", "administrator"}
USERS = "/admin/users/"
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


# Bulk actions: the same rules through /admin/bulk/ (which calls no before_*_page hook).
BULK_NEXT = "/admin/pages/"


def _bulk(client, action, *pages, data=None):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next={BULK_NEXT}", data or {})


def _draft_page(project):
    draft = ProjectPage(
        title="Brouillon", title_fr="Brouillon", slug="brouillon", slug_fr="brouillon", live=False
    )
    project.get_parent().add_child(instance=draft)
    draft.save_revision()
    return draft


def bulk_delete_a_draft(client, project):
    draft = _draft_page(project)
    response = _bulk(client, "delete", draft)
    return response, not ProjectPage.objects.filter(pk=draft.pk).exists()


def bulk_delete_a_program_with_its_projects(client, project):
    program = ProgramPage.objects.get(pk=project.get_parent().pk)
    response = _bulk(client, "delete", program)
    return response, not ProgramPage.objects.filter(pk=program.pk).exists()


def bulk_publish(client, project):
    draft = project.get_latest_revision_as_object()
    draft.summary_en = NEW_SUMMARY
    draft.save_revision()
    response = _bulk(client, "publish", project)
    project.refresh_from_db()
    return response, project.summary_en == NEW_SUMMARY


def bulk_unpublish(client, project):
    response = _bulk(client, "unpublish", project)
    project.refresh_from_db()
    return response, not project.live


def bulk_move(client, project):
    destination = ProjectPage.objects.get(acronym="SAARA").get_parent()
    response = _bulk(client, "move", project, data={"chooser": destination.pk})
    project.refresh_from_db()
    return response, project.get_parent().pk == destination.pk


# Review and scheduled publication.


def approve_a_submission(client, project):
    submitter = get_user_model().objects.create_user(
        "submitter", "submitter@example.org", "secret-password-1"
    )
    submitter.groups.add(Group.objects.get(name="Translators"))
    client_for(submitter).post(
        f"/admin/pages/{project.pk}/edit/",
        {**edit_form(project, summary_en=NEW_SUMMARY), "action-submit": "1"},
    )
    project.refresh_from_db()
    task_state = project.current_workflow_task_state
    assert task_state is not None
    response = client.post(f"/admin/pages/workflow/action/{project.pk}/approve/{task_state.pk}/", {})
    project.refresh_from_db()
    return response, project.summary_en == NEW_SUMMARY


def schedule_publication(client, project):
    """Publish with a go-live date; once the date has passed, publish_scheduled runs."""
    go_live_at = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        f"/admin/pages/{project.pk}/edit/",
        {**edit_form(project, summary_en=NEW_SUMMARY, go_live_at=go_live_at), "action-publish": "1"},
    )
    # A day later (only revisions approved for publication carry an approved go-live date):
    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    ProjectPage.objects.filter(pk=project.pk).update(go_live_at=past)
    call_command("publish_scheduled")
    project.refresh_from_db()
    return response, project.summary_en == NEW_SUMMARY


# User administration: only superusers grant or touch superuser status.


def _superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "original-password-1")


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "First",
        "last_name": "Last",
        "is_active": "on" if user.is_active else None,
        "is_superuser": "on" if user.is_superuser else None,
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def create_a_user(client, project):
    password = "An0ther-long-passphrase"
    data = _user_form(
        get_user_model()(username="newcomer", email="newcomer@example.org"),
        password1=password,
        password2=password,
    )
    response = client.post("/admin/users/new/", data)
    return response, get_user_model().objects.filter(username="newcomer").exists()


def create_a_superuser(client, project):
    password = "An0ther-long-passphrase"
    data = _user_form(
        get_user_model()(username="newcomer", email="newcomer@example.org"),
        password1=password,
        password2=password,
        is_superuser="on",
    )
    response = client.post("/admin/users/new/", data)
    return response, get_user_model().objects.filter(username="newcomer", is_superuser=True).exists()


def promote_to_superuser(client, project):
    user = get_user_model().objects.create_user("ordinary", "ordinary@example.org", "original-password-1")
    response = client.post(f"/admin/users/edit/{user.pk}/", _user_form(user, is_superuser="on"))
    user.refresh_from_db()
    return response, user.is_superuser


def change_a_superusers_password(client, project):
    root = _superuser()
    password = "An0ther-long-passphrase"
    response = client.post(
        f"/admin/users/edit/{root.pk}/", _user_form(root, password1=password, password2=password)
    )
    root.refresh_from_db()
    return response, root.check_password(password)


def demote_a_superuser(client, project):
    root = _superuser()
    response = client.post(f"/admin/users/edit/{root.pk}/", _user_form(root, is_superuser=None))
    root.refresh_from_db()
    return response, not root.is_superuser


def delete_a_superuser(client, project):
    root = _superuser()
    response = client.post(f"/admin/users/delete/{root.pk}/")
    return response, not get_user_model().objects.filter(pk=root.pk).exists()


def bulk_deactivate_a_superuser(client, project):
    root = _superuser()
    response = client.post(
        f"/admin/bulk/auth/user/set_active_state/?id={root.pk}", {"mark_as_active": "False"}
    )
    root.refresh_from_db()
    return response, not root.is_active


def bulk_delete_a_superuser(client, project):
    root = _superuser()
    response = client.post(f"/admin/bulk/auth/user/delete/?id={root.pk}", {})
    return response, not get_user_model().objects.filter(pk=root.pk).exists()


def bulk_assign_a_role_to_a_superuser(client, project):
    root = _superuser()
    editors = Group.objects.get(name="Editors")
    response = client.post(f"/admin/bulk/auth/user/assign_role/?id={root.pk}", {"role": editors.pk})
    return response, root.groups.filter(pk=editors.pk).exists()


@dataclass
class Action:
    perform: object
    allowed: set
    # A translator's "publish" is not an error page: Wagtail saves the edit as a draft instead.
    refused_as_draft: bool = False
    # Where a refusal may also send a signed-in user, with the reason, instead of the dashboard.
    refused_to: str | None = None
    # Bulk actions leave out what the user may not touch and report what they did.
    refused_quietly: bool = False


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
    "bulk delete a draft page": Action(bulk_delete_a_draft, PUBLISHERS, refused_to=BULK_NEXT),
    "bulk delete a program with its projects": Action(
        bulk_delete_a_program_with_its_projects, {"administrator"}, refused_quietly=True
    ),
    "bulk publish": Action(bulk_publish, PUBLISHERS, refused_quietly=True),
    "bulk unpublish": Action(bulk_unpublish, PUBLISHERS, refused_quietly=True),
    "bulk move": Action(bulk_move, PUBLISHERS, refused_quietly=True),
    "approve a submission": Action(approve_a_submission, PUBLISHERS),
    "schedule publication": Action(schedule_publication, PUBLISHERS, refused_as_draft=True),
    "create a user": Action(create_a_user, {"administrator"}),
    "create a superuser": Action(create_a_superuser, set(), refused_to=USERS),
    "promote a user to superuser": Action(promote_to_superuser, set(), refused_to=USERS),
    "change a superuser's password": Action(change_a_superusers_password, set(), refused_to=USERS),
    "demote a superuser": Action(demote_a_superuser, set(), refused_to=USERS),
    "delete a superuser": Action(delete_a_superuser, set()),
    "bulk deactivate a superuser": Action(bulk_deactivate_a_superuser, set(), refused_quietly=True),
    "bulk delete a superuser": Action(bulk_delete_a_superuser, set(), refused_quietly=True),
    "bulk assign a role to a superuser": Action(
        bulk_assign_a_role_to_a_superuser, set(), refused_quietly=True
    ),
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
    elif spec.refused_quietly:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert not response.url.startswith("/admin/login/")
    elif spec.refused_as_draft:
        assert response.status_code == 302
        # Back to the edit form of what was edited (the page, or the partner), saved as a draft.
        assert re.fullmatch(r"/admin/(pages/\d+|snippets/partners/partner)/edit/(\d+/)?", response.url)
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            messages = [html.unescape(" ".join(str(m).split())) for m in response.wsgi_request._messages]
            if response.url == "/admin/":
                assert messages == [PERMISSION_DENIED]
            else:
                # Sent back with the reason (e.g. only a superuser may change a superuser).
                assert response.url == spec.refused_to
                assert messages and PERMISSION_DENIED not in messages


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
