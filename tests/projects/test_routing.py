"""Pages are found by their translated slugs with indexed lookups, fallbacks included."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from projects.models import ProgramPage, ProjectPage

pytestmark = pytest.mark.django_db


def test_each_language_routes_by_its_own_slug(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    program = project.get_parent().specific
    assert project.slug_fr != project.slug_en or program.slug_fr != program.slug_en
    assert client.get(f"/fr/{program.slug_fr}/{project.slug_fr}/").status_code == 200
    assert client.get(f"/en/{program.slug_en}/{project.slug_en}/").status_code == 200
    # The other language's program slug is not an address in this language.
    assert client.get(f"/en/{program.slug_fr}/{project.slug_en}/").status_code == 404


def test_an_empty_english_slug_falls_back_to_the_french_one(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    program = project.get_parent().specific
    ProjectPage.objects.filter(pk=project.pk).update(slug_en="")
    response = client.get(f"/en/{program.slug_en}/{project.slug_fr}/")
    assert response.status_code == 200
    assert "SAARA" in response.text


def test_the_slug_columns_are_indexed():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    indexed = {tuple(details["columns"]) for details in constraints.values() if details["index"]}
    assert {("slug_fr",), ("slug_en",)} <= indexed


def test_a_sibling_s_slug_is_refused_in_each_language():
    project = ProjectPage.objects.get(acronym="SAARA")
    sibling = ProjectPage.objects.sibling_of(project, inclusive=False).first()
    for language in ("fr", "en"):
        page = ProjectPage.objects.get(pk=project.pk)
        setattr(page, f"slug_{language}", getattr(sibling, f"slug_{language}"))
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert f"slug_{language}" in error.value.message_dict
    # A slug used only under another program is fine.
    elsewhere = ProjectPage.objects.exclude(path__startswith=project.path[:-4]).first()
    page = ProjectPage.objects.get(pk=project.pk)
    page.slug_en = elsewhere.slug_en
    page.full_clean()
    assert ProgramPage.objects.get(pk=project.get_parent().pk).pk != elsewhere.get_parent().pk
