"""The admin shows page titles in the editor's admin language, falling back to the other one.

Without translations.mixins.TranslatedAdminTitleMixin, every admin listing showed `draft_title`:
the title in the language active when the page was last saved (French for the whole demo site),
whatever the editor's language.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from projects.models import ProgramPage, ProjectPage
from tests.html import select_one, strings, text
from translations.mixins import TranslatedAdminTitleMixin

pytestmark = pytest.mark.django_db


def login(client, language):
    user = get_user_model().objects.create_superuser(f"admin-{language}", f"{language}@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def program():
    return ProgramPage.objects.get(slug_en="migration-and-integration")


def test_without_the_fix_an_english_editor_saw_french_titles(client, home, monkeypatch):
    monkeypatch.setattr(TranslatedAdminTitleMixin, "get_admin_display_title", Page.get_admin_display_title)
    html = login(client, "en").get(f"/admin/pages/{home.pk}/").text
    assert "Exploring: Nos projets" in html
    assert "Migrations et intégration" in strings(html)
    assert "Migration and integration" not in strings(html)


def test_explorer_lists_titles_in_english_for_an_english_editor(client, home):
    html = login(client, "en").get(f"/admin/pages/{home.pk}/").text
    for title in [
        "Migration and integration",
        "Gender equality and violence against women",
        "All projects",
        "Partners and funders",
    ]:
        assert title in strings(html), title
    assert "Migrations et intégration" not in html
    assert "Exploring: Our projects" in html


def test_explorer_breadcrumbs_and_heading_of_a_program_are_in_english(client):
    html = login(client, "en").get(f"/admin/pages/{program().pk}/").text
    assert "<title>Exploring: Migration and integration" in html
    breadcrumbs = text(select_one(html, 'nav[aria-label="Breadcrumb"]'))
    assert "Our projects" in breadcrumbs and "Nos projets" not in breadcrumbs
    # The program's projects are listed by their English titles.
    assert "Promoting the socio-professional integration" in html
    assert "Favoriser l’insertion socioprofessionnelle" not in html


def test_edit_view_title_and_breadcrumbs_are_in_english(client, untranslated_project):
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    html = login(client, "en").get(f"/admin/pages/{project.pk}/edit/").text
    assert f"<title>Editing Project: {project.title_en}" in html
    breadcrumbs = text(select_one(html, 'nav[aria-label="Breadcrumb"]'))
    program = project.get_parent().specific
    assert program.title_en in breadcrumbs
    assert program.title_fr not in breadcrumbs


def test_sidebar_explorer_api_gives_english_titles(client, home):
    response = login(client, "en").get("/admin/api/main/pages/", {"child_of": home.pk, "for_explorer": 1})
    titles = [item["admin_display_title"] for item in json.loads(response.content)["items"]]
    assert "Migration and integration" in titles
    assert "Migrations et intégration" not in titles


def test_french_editor_still_sees_french_titles(client, home):
    html = login(client, "fr").get(f"/admin/pages/{home.pk}/").text
    assert "Migrations et intégration" in strings(html)
    assert "Migration and integration" not in strings(html)


def test_an_empty_english_title_falls_back_to_french(client, home):
    Page.objects.filter(pk=program().pk).update(title_en="")
    html = login(client, "en").get(f"/admin/pages/{home.pk}/").text
    assert "Migrations et intégration" in strings(html)
    with translation.override("en"):
        assert Page.objects.get(pk=program().pk).get_admin_display_title() == "Migrations et intégration"


def test_a_title_changed_in_a_draft_is_shown_until_published(client, home):
    page = program()
    with translation.override("en"):
        draft = page.get_latest_revision_as_object()
        draft.title_en = "Migration (new title)"
        draft.save_revision()
    html = login(client, "en").get(f"/admin/pages/{home.pk}/").text
    assert "Migration (new title)" in strings(html)


def test_explorer_query_count_does_not_grow_with_localized_titles(client, django_assert_num_queries):
    login(client, "en")
    url = f"/admin/pages/{program().pk}/"
    client.get(url)
    with django_assert_num_queries(EXPLORER_QUERIES) as captured:
        client.get(url)
    for number in range(4):
        project = ProjectPage(
            title_fr=f"Projet {number}", slug_fr=f"projet-{number}", slug_en=f"project-{number}"
        )
        program().add_child(instance=project)
        project.save_revision().publish()
    client.get(url)
    with django_assert_num_queries(EXPLORER_QUERIES):
        client.get(url)
    assert captured.captured_queries


# The explorer of a program, warm cache. Titles come from columns the listing already loads.
EXPLORER_QUERIES = 28
