"""A translator's edit reaches the public site only once an editor has approved it."""

import html

import pytest
from django.test import Client
from django.utils.html import strip_tags
from wagtail.models import TaskState, WorkflowState

from projects.models import ProjectPage
from tests.conftest import project_url

from .conftest import client_for, edit_form

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "ACIF helps girls in Grenoble find their way into work, through sport. (Revised)"


@pytest.fixture
def acif(demo_content):
    """A live project with partners and a body, so a lost field would show."""
    page = ProjectPage.objects.get(acronym="ACIF")
    data = next(project for project in demo_content["projects"] if project["key"] == "acif")
    page.public_url = project_url(demo_content, data, "en")
    return page


def public_text(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.text


def body_text(page):
    """The text of both bodies (the rich text editor re-keys blocks and re-escapes quotes on save)."""
    return [
        (language, child.block_type, html.unescape(strip_tags(child.value.source)))
        for language in ["fr", "en"]
        for child in getattr(page, f"body_{language}")
    ]


def submit(client, page):
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", {**edit_form(page, summary_en=NEW_SUMMARY), "action-submit": "1"}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    return page.current_workflow_task_state


def workflow_action(client, page, task_state, action, **data):
    return client.post(f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", data)


def test_a_translators_edit_is_published_once_an_editor_approves_it(acif, translator, editor):
    old_summary = acif.summary_en
    partners_before = list(acif.partner_links.values_list("partner_id", "role"))
    body_before = body_text(acif)
    assert old_summary in public_text(acif.public_url)

    task_state = submit(client_for(translator), acif)

    workflow_state = WorkflowState.objects.for_instance(acif).get()
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.requested_by == translator
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.task.name == "Approval by an editor"
    # Until the review, the public page shows the old text.
    public = public_text(acif.public_url)
    assert old_summary in public
    assert NEW_SUMMARY not in public

    response = workflow_action(client_for(editor), acif, task_state, "approve")
    assert response.status_code == 302

    task_state.refresh_from_db()
    workflow_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == editor
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    public = public_text(acif.public_url)
    assert NEW_SUMMARY in public
    assert old_summary not in public
    # Nothing else on the page was lost on the way.
    acif.refresh_from_db()
    assert list(acif.partner_links.values_list("partner_id", "role")) == partners_before
    assert body_text(acif) == body_before


def test_an_editor_rejects_with_a_comment_and_the_page_stays_as_it_was(acif, translator, editor):
    old_summary = acif.summary_en
    task_state = submit(client_for(translator), acif)

    response = workflow_action(
        client_for(editor), acif, task_state, "reject", comment="Please keep the partners' names."
    )
    assert response.status_code == 302

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.finished_by == editor
    assert task_state.comment == "Please keep the partners' names."
    assert WorkflowState.objects.for_instance(acif).get().status == WorkflowState.STATUS_NEEDS_CHANGES
    acif.refresh_from_db()
    assert acif.summary_en == old_summary
    public = public_text(acif.public_url)
    assert old_summary in public
    assert NEW_SUMMARY not in public
    # The translator's draft is kept, to be corrected and submitted again.
    assert acif.get_latest_revision_as_object().summary_en == NEW_SUMMARY


def test_a_translator_cannot_approve_their_own_edit(acif, translator):
    client = client_for(translator)
    task_state = submit(client, acif)

    response = workflow_action(client, acif, task_state, "approve")

    assert response.status_code == 302
    assert response.url == "/admin/"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    acif.refresh_from_db()
    assert NEW_SUMMARY not in public_text(acif.public_url)


def test_a_translators_partner_edit_waits_for_an_editors_approval(translator, editor):
    from partners.models import Partner

    from .conftest import partner_form

    partner = Partner.objects.get(acronym="GRDR")
    response = client_for(translator).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {
            **partner_form(partner, name_en="Reviewed name of the GRDR"),
            "action-submit": "1",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    task_state = partner.current_workflow_task_state
    assert task_state is not None
    assert "Reviewed name" not in public_text("/en/partners/")

    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/workflow/action/{partner.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    partner.refresh_from_db()
    assert partner.name_en == "Reviewed name of the GRDR"
    assert "Reviewed name of the GRDR" in public_text("/en/partners/")
