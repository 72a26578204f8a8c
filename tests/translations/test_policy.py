"""French is required to publish; English is optional. Drafts preview in either language."""

import pytest
from django.contrib.messages import get_messages

from projects.models import ProjectPage
from tests.editorial.conftest import client_for, edit_form, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(db):
    return client_for(make_user("editor"))


def test_a_page_missing_french_text_is_saved_as_a_draft_not_published(editor_client):
    project = ProjectPage.objects.get(acronym="SAARA")
    live_summary = project.summary_fr
    form = {**edit_form(project, summary_fr="", summary_en="Only in English now"), "action-publish": "1"}
    response = editor_client.post(f"/admin/pages/{project.pk}/edit/", form)
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{project.pk}/edit/"
    text = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "pas publiée" in text or "not published" in text
    assert "Résumé" in text or "Summary" in text
    project.refresh_from_db()
    assert project.summary_fr == live_summary  # the live page is untouched
    draft = project.get_latest_revision_as_object()
    assert draft.summary_en == "Only in English now"  # and nothing typed is lost
    assert project.has_unpublished_changes


def test_a_page_missing_english_text_is_published(editor_client):
    project = ProjectPage.objects.get(acronym="SAARA")
    form = {**edit_form(project, summary_en="", summary_fr="Résumé revu"), "action-publish": "1"}
    response = editor_client.post(f"/admin/pages/{project.pk}/edit/", form)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_fr == "Résumé revu"
    assert project.summary_en == ""


@pytest.mark.parametrize(("mode", "expected"), [("fr", 'lang="fr"'), ("en", 'lang="en"')])
def test_a_draft_previews_in_either_language(mode, expected):
    project = ProjectPage.objects.get(acronym="SAARA")
    assert [code for code, _label in project.preview_modes] == ["fr", "en"]
    project.summary_en = "A draft summary"
    project.summary_fr = "Un résumé en brouillon"
    response = project.make_preview_request(None, mode)
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert f"<html {expected}>" in html
    assert ("A draft summary" if mode == "en" else "Un résumé en brouillon") in html


def test_the_editor_offers_both_preview_languages(editor_client):
    project = ProjectPage.objects.get(acronym="SAARA")
    response = editor_client.get(f"/admin/pages/{project.pk}/edit/")
    assert 'value="fr"' in response.text and "Français" in response.text
    assert 'value="en"' in response.text and "English" in response.text
