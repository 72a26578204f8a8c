"""A page missing one language shows the other, marked with lang="…" and a visible notice."""

import re

import pytest
from django.utils import translation
from wagtail.models import Page

from projects.models import ProgramPage, ProjectPage
from translations.completeness import missing_fields, shown_language

pytestmark = pytest.mark.django_db

NOTICE = {"en": "In the process of translation", "fr": "Traduction en cours"}


def main_html(response):
    return re.search(r"<main.*</main>", response.text, re.S).group(0)


def url(page, language):
    with translation.override(language):
        return page.get_url()


def test_untranslated_project_shows_french_text_marked_as_french(client, untranslated_project):
    response = client.get(url(untranslated_project, "en"))
    main = main_html(response)
    assert NOTICE["en"] in main
    assert '<p class="lead" lang="fr">' in main
    assert '<div class="prose" lang="fr">' in main
    # French spacing inside « » (portfolio/typography.py).
    assert f"Le projet «\u202f{untranslated_project.title_fr}\u202f»" in main
    # The title exists in English, so it is not marked as French.
    assert f"<h1>{untranslated_project.title_en}</h1>" in main


def test_the_same_project_in_french_has_no_notice(client, untranslated_project):
    main = main_html(client.get(url(untranslated_project, "fr")))
    assert NOTICE["fr"] not in main
    assert 'lang="en"' not in main


def test_translated_project_has_no_notice_and_no_foreign_marking(client):
    for url in ["/en/migration-and-integration/migraction/", "/fr/migrations-et-integration/migraction/"]:
        main = main_html(client.get(url))
        assert NOTICE["en"] not in main and NOTICE["fr"] not in main
        assert 'lang="' not in main, url


def test_english_only_text_is_marked_as_english_on_the_french_page(client):
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = ProjectPage(
        title="Nouveau projet",
        title_fr="Nouveau projet",
        title_en="New project",
        slug="nouveau-projet",
        slug_fr="nouveau-projet",
        slug_en="new-project",
        summary_en="Written in English first.",
    )
    program.add_child(instance=project)
    project.save_revision().publish()
    main = main_html(client.get("/fr/migrations-et-integration/nouveau-projet/"))
    assert NOTICE["fr"] in main
    assert '<p class="lead" lang="en">Written in English first.</p>' in main
    english = main_html(client.get("/en/migration-and-integration/new-project/"))
    assert NOTICE["en"] not in english


def test_missing_fields_lists_what_is_left_to_translate(untranslated_project):
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    assert set(missing_fields(project, "en")) == {"summary", "body"}
    assert missing_fields(project, "fr") == []
    assert shown_language(project, "body", "en") == "fr"
    assert shown_language(project, "title", "en") == "en"


def test_every_demo_page_is_complete_in_french():
    for page in Page.objects.live().specific().filter(depth__gt=1):
        assert missing_fields(page, "fr") == [], page.title
