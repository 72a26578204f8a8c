"""A French text changed after its English was written: flagged everywhere until a translator checks it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from projects.models import ProjectPage
from tests.editorial.conftest import client_for
from translations.models import TranslationRecord

from .test_workbench import form_data, soup, workbench_url

pytestmark = pytest.mark.django_db

SUMMARY_EN = "The summary of the project, in English."
NEW_SUMMARY_FR = "Le résumé du projet, récrit en français depuis."


@pytest.fixture
def translated(editor, untranslated_project):
    """A project whose English summary was written (and published) in the workbench."""
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    client = client_for(editor)
    response = client.get(workbench_url(project))
    client.post(workbench_url(project), form_data(response, summary_en=SUMMARY_EN, **{"action-publish": "1"}))
    project.refresh_from_db()
    assert project.summary_en == SUMMARY_EN
    return project


def change_french_summary(project, user):
    project.summary_fr = NEW_SUMMARY_FR
    project.save_revision(user=user).publish()


def report_flags(project):
    data = json.loads(_run("--format", "json", "--language", "en"))
    row = next(row for row in data["objects"] if row["edit_url"] == f"/admin/pages/{project.pk}/edit/")
    return row["source_changed"]["en"]


def _run(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("translation_report", *args, stdout=out)
    return out.getvalue()


def dashboard_flags(client, project):
    page = soup(client.get("/admin/translations/", {"type": "projects.projectpage"}))
    link = page.find("a", href=lambda href: href and href.startswith(workbench_url(project)))
    cell = link.find_parent("td")
    flag = cell.select_one('[data-source-changed="en"]')
    return flag.get_text(" ", strip=True) if flag else None


def test_an_unchanged_source_is_not_flagged(editor, translated):
    assert report_flags(translated) == []
    assert dashboard_flags(client_for(editor), translated) is None
    record = TranslationRecord.objects.get(object_id=str(translated.pk), field="summary", language="en")
    assert not record.source_changed


def test_a_changed_french_field_is_flagged_until_a_translator_confirms(editor, translator, translated):
    old_french = translated.summary_fr
    change_french_summary(translated, editor)

    # The dashboard, the report command and the workbench say so.
    client = client_for(translator)
    flag = dashboard_flags(client, translated)
    assert flag is not None and ("Summary" in flag or "Résumé" in flag)
    assert report_flags(translated) == ["summary"]
    assert "source changed" in _run("--language", "en")
    page = soup(client.get(workbench_url(translated)))
    details = page.select_one('details[data-translation-field="summary"]')
    assert details["data-status"] == "changed" and details.has_attr("open")
    difference = details.select_one("[data-source-difference]")
    assert difference.select_one("del").get_text(" ", strip=True).endswith(old_french.strip())
    assert difference.select_one("ins").get_text(" ", strip=True).endswith(NEW_SUMMARY_FR)
    assert difference.select_one("ins [lang]")["lang"] == "fr"

    # The translator confirms the English still holds: the flag is gone everywhere.
    response = client.get(workbench_url(translated))
    client.post(workbench_url(translated), {**form_data(response), "confirm-summary": "on"})
    assert report_flags(translated) == []
    assert dashboard_flags(client, translated) is None
    details = soup(client.get(workbench_url(translated))).select_one(
        'details[data-translation-field="summary"]'
    )
    assert details["data-status"] == "done"
    assert not translated.revisions.filter(user=translator).exists()  # nothing to review: no text changed


def test_updating_the_translation_clears_the_flag(editor, translated):
    change_french_summary(translated, editor)
    assert report_flags(translated) == ["summary"]
    client = client_for(editor)
    response = client.get(workbench_url(translated))
    client.post(
        workbench_url(translated),
        form_data(response, summary_en="The summary of the project, written again in English."),
    )
    assert report_flags(translated) == []


def test_translations_written_in_the_edit_form_are_followed_too(editor, untranslated_project):
    """No workbench involved: the first revision with both texts is the reference."""
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    project.summary_en = "The project, in English."
    project.save_revision(user=editor).publish()
    assert report_flags(project) == []
    change_french_summary(project, editor)
    assert report_flags(project) == ["summary"]
