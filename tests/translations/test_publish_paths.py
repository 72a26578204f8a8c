"""French complete to publish, on every path that publishes: the publish button, the approval
that ends a review (from the review dialog and from the editor), scheduled publication, bulk
publish, and partners."""

import logging
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import rich_text

from partners.models import Partner
from projects.models import ProjectPage
from tests.editorial.conftest import client_for, edit_form, partner_form

pytestmark = pytest.mark.django_db

ENGLISH_ONLY = "A summary written in English only"


def messages_text(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def project():
    return ProjectPage.objects.get(acronym="SAARA")


def submit_without_french(translator, project):
    """A translator empties the French summary and submits the page for review."""
    response = client_for(translator).post(
        f"/admin/pages/{project.pk}/edit/",
        {**edit_form(project, summary_fr="", summary_en=ENGLISH_ONLY), "action-submit": "1"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    task_state = project.current_workflow_task_state
    assert task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS
    return task_state


def assert_still_in_review(project, task_state, live_summary):
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.for_instance(project).get().status == WorkflowState.STATUS_IN_PROGRESS
    project.refresh_from_db()
    assert project.summary_fr == live_summary
    assert project.summary_en != ENGLISH_ONLY


def test_approving_a_submission_without_french_publishes_nothing(project, translator, editor):
    live_summary = project.summary_fr
    task_state = submit_without_french(translator, project)

    response = client_for(editor).post(
        f"/admin/pages/workflow/action/{project.pk}/approve/{task_state.pk}/", {}
    )

    assert (response.status_code, response.url) == (302, f"/admin/pages/{project.pk}/edit/")
    text = messages_text(response)
    assert "Résumé" in text or "Summary" in text
    assert "rien n’est publié" in text or "nothing published" in text
    assert_still_in_review(project, task_state, live_summary)


def test_the_review_dialog_is_sent_to_the_edit_form_with_the_reason(project, translator, editor):
    live_summary = project.summary_fr
    task_state = submit_without_french(translator, project)

    response = client_for(editor).post(
        f"/admin/pages/workflow/action/{project.pk}/approve/{task_state.pk}/",
        {"comment": "Looks good"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert response.json() == {"step": "success", "redirect": f"/admin/pages/{project.pk}/edit/"}
    assert_still_in_review(project, task_state, live_summary)


def test_approving_from_the_editor_publishes_only_once_french_is_filled_in(project, translator, editor):
    live_summary = project.summary_fr
    task_state = submit_without_french(translator, project)
    client = client_for(editor)
    approve = {"action-workflow-action": "1", "workflow-action-name": "approve"}

    response = client.post(f"/admin/pages/{project.pk}/edit/", {**edit_form(project), **approve})
    assert response.status_code == 302
    assert "Résumé" in messages_text(response) or "Summary" in messages_text(response)
    assert_still_in_review(project, task_state, live_summary)

    # The editor fills in the French summary and approves: now it is published.
    response = client.post(
        f"/admin/pages/{project.pk}/edit/", {**edit_form(project, summary_fr="Résumé complété"), **approve}
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    project.refresh_from_db()
    assert (project.summary_fr, project.summary_en) == ("Résumé complété", ENGLISH_ONLY)


def test_a_complete_submission_is_still_published_on_approval(project, translator, editor):
    response = client_for(translator).post(
        f"/admin/pages/{project.pk}/edit/",
        {**edit_form(project, summary_en=ENGLISH_ONLY), "action-submit": "1"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    task_state = project.current_workflow_task_state

    response = client_for(editor).post(
        f"/admin/pages/workflow/action/{project.pk}/approve/{task_state.pk}/", {}
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_en == ENGLISH_ONLY


def schedule(page, **changes):
    """A revision of `page` with `changes`, approved to go live a minute ago."""
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    return revision


def test_scheduled_publication_withholds_a_revision_without_french(project, caplog):
    live_summary = project.summary_fr
    incomplete = schedule(project, summary_fr="", summary_en=ENGLISH_ONLY)
    other = ProjectPage.objects.get(acronym="ACIF")
    complete = schedule(other, summary_en="Scheduled English summary")

    with caplog.at_level(logging.ERROR, logger="translations.policy"):
        call_command("publish_scheduled", stdout=None, stderr=None)

    project.refresh_from_db()
    assert project.summary_fr == live_summary
    assert project.summary_en != ENGLISH_ONLY
    incomplete.refresh_from_db()
    assert incomplete.approved_go_live_at is None  # off the schedule: reported once, not every run
    assert PageLogEntry.objects.filter(page=project, action="translations.publish.scheduled.refused").exists()
    assert any(
        "SAARA" in record.getMessage() or str(project.pk) in record.getMessage() for record in caplog.records
    )
    assert any(record.levelno == logging.ERROR for record in caplog.records)
    # The rest of the schedule is published as usual.
    other.refresh_from_db()
    assert other.summary_en == "Scheduled English summary"
    complete.refresh_from_db()
    assert other.live_revision_id == complete.pk


def bulk_publish(client, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"/admin/bulk/wagtailcore/page/publish/?{ids}&next=/admin/pages/", {})


def test_bulk_publish_publishes_nothing_when_a_page_lacks_french(project, editor):
    live_summary = project.summary_fr
    project.get_latest_revision_as_object()
    draft = project.get_latest_revision_as_object()
    draft.summary_fr = ""
    draft.summary_en = ENGLISH_ONLY
    draft.save_revision()
    other = ProjectPage.objects.get(acronym="ACIF")
    other_draft = other.get_latest_revision_as_object()
    other_draft.summary_en = "Bulk English summary"
    other_draft.save_revision()

    response = bulk_publish(client_for(editor), project, other)

    assert (response.status_code, response.url) == (302, "/admin/pages/")
    text = messages_text(response)
    assert "SAARA" in text or project.title in text
    assert "Résumé" in text or "Summary" in text
    project.refresh_from_db()
    assert (project.summary_fr, project.has_unpublished_changes) == (live_summary, True)
    other.refresh_from_db()
    assert other.summary_en != "Bulk English summary"  # all or nothing

    # Once complete, the same bulk publish goes through.
    draft = project.get_latest_revision_as_object()
    draft.summary_fr = "Résumé complété"
    draft.save_revision()
    response = bulk_publish(client_for(editor), project, other)
    assert response.status_code == 302
    project.refresh_from_db()
    other.refresh_from_db()
    assert (project.summary_fr, other.summary_en) == ("Résumé complété", "Bulk English summary")


def test_a_partner_without_its_french_description_is_not_published(editor):
    partner = Partner.objects.get(acronym="GRDR")
    live_description = partner.description_fr
    assert live_description

    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {
            **partner_form(
                partner, description_fr=rich_text(""), description_en=rich_text("<p>English only</p>")
            ),
            "action-publish": "1",
        },
    )

    assert (response.status_code, response.url) == (
        302,
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
    )
    text = messages_text(response)
    assert "Description" in text
    assert "pas publiée" in text or "not published" in text
    partner.refresh_from_db()
    assert partner.description_fr == live_description
    assert "English only" in partner.get_latest_revision_as_object().description_en  # the draft is kept


def test_a_complete_partner_is_published(editor):
    partner = Partner.objects.get(acronym="GRDR")
    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {**partner_form(partner, description_en=rich_text("<p>Both languages</p>")), "action-publish": "1"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert "Both languages" in partner.description_en


def test_approving_a_partner_submission_without_french_publishes_nothing(translator, editor):
    partner = Partner.objects.get(acronym="GRDR")
    live_description = partner.description_fr
    response = client_for(translator).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {
            **partner_form(
                partner, description_fr=rich_text(""), description_en=rich_text("<p>English only</p>")
            ),
            "action-submit": "1",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    task_state = partner.current_workflow_task_state

    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/workflow/action/{partner.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )

    assert (response.status_code, response.url) == (
        302,
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
    )
    assert "Description" in messages_text(response)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    partner.refresh_from_db()
    assert partner.description_fr == live_description
