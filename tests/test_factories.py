"""The factories build what the tests expect: live pages in both languages, drafts, role users."""

import pytest
from django.utils import translation

from tests.editorial.conftest import client_for
from tests.factories import (
    AdministratorFactory,
    ContentPageFactory,
    DocumentFactory,
    EditorFactory,
    ImageFactory,
    PartnerFactory,
    ProjectPageFactory,
    TranslatorFactory,
)

pytestmark = pytest.mark.django_db


def test_a_project_is_live_in_both_languages_under_a_live_program():
    partner = PartnerFactory()
    project = ProjectPageFactory(partners=[partner], hero_image=ImageFactory())
    assert project.live and project.get_parent().live
    assert [link.partner for link in project.partner_links.all()] == [partner]
    for language, title in [("fr", project.title_fr), ("en", project.title_en)]:
        with translation.override(language):
            url = project.get_url()
        response = client_for(EditorFactory()).get(url)
        assert response.status_code == 200
        assert title in response.text


def test_a_page_built_unpublished_is_a_draft():
    draft = ContentPageFactory(publish=False)
    assert not draft.live and draft.has_unpublished_changes


def test_partners_documents_and_users_per_role():
    assert PartnerFactory().live
    assert DocumentFactory().file.name.endswith(".pdf")
    assert TranslatorFactory().groups.get().name == "Translators"
    assert EditorFactory().groups.get().name == "Editors"
    assert AdministratorFactory().groups.get().name == "Administrators"
