"""How the translation tooling reaches Wagtail: inherited methods and declared panels, no patch.

Each test fails if its mechanism stops working: a page type that forgets the mixin, a base
class that overrides it, or a wagtail-modeltranslation upgrade that moves or drops the panel.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from lxml import html as lxml_html
from modeltranslation.translator import translator
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.models import Page

from tests.editorial.conftest import client_for
from tests.factories import EditorFactory, ProgramPageFactory, ProjectPageFactory
from translations.mixins import TranslatedAdminTitleMixin, TranslatedPageMixin, TranslationPreviewMixin
from translations.panels import TranslationStatusPanel

PAGE_TYPES = sorted(
    (model for model in translator.get_registered_models() if issubclass(model, Page) and model is not Page),
    key=lambda model: model.__name__,
)


def test_the_page_types_are_all_registered_and_known():
    names = {model.__name__ for model in PAGE_TYPES}
    assert {"HomePage", "ProgramPage", "ProjectPage", "ContentPage", "PartnerIndexPage"} <= names


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_translated_page_type_takes_its_admin_title_and_previews_from_the_mixin(model):
    assert issubclass(model, TranslatedPageMixin)
    # Nothing earlier in the bases overrides them.
    assert model.get_admin_display_title is TranslatedAdminTitleMixin.get_admin_display_title
    assert model.serve_preview is TranslationPreviewMixin.serve_preview
    assert model.preview_modes is TranslationPreviewMixin.preview_modes


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_the_status_panel_comes_right_after_the_title_in_each_language(model):
    """wagtail-modeltranslation expands the title panel into one per language and must leave
    the status panel, which it does not know, where the page type declared it."""
    content = model.get_edit_handler().children[0]
    names = [getattr(panel, "field_name", None) for panel in content.children[:2]]
    assert names == ["title_fr", "title_en"]
    assert isinstance(content.children[0], TitleFieldPanel)
    assert isinstance(content.children[2], TranslationStatusPanel)
    # The other translated fields are expanded per language too.
    translated = {
        panel.field_name
        for panel in content.children
        if isinstance(panel, FieldPanel) and not isinstance(panel, TitleFieldPanel)
    }
    for field in translator.get_options_for_model(model).get_field_names():
        if any(getattr(panel, "field_name", None) == field for panel in model.content_panels):
            assert {f"{field}_fr", f"{field}_en"} <= translated


@pytest.mark.django_db
def test_the_admin_title_is_in_the_active_language_with_the_other_as_fallback():
    program = ProgramPageFactory(title_fr="Santé", title_en="Health")
    untranslated = ProgramPageFactory(title_fr="Éducation", title_en="")
    page = Page.objects.get(pk=program.pk).specific
    with translation.override("en"):
        assert page.get_admin_display_title() == "Health"
        assert untranslated.get_admin_display_title() == "Éducation"
        # Wagtail's own method shows `draft_title`: the language of the last save.
        assert Page.get_admin_display_title(page) == "Santé"
    with translation.override("fr"):
        assert page.get_admin_display_title() == "Santé"


@pytest.mark.django_db
def test_preview_modes_name_both_languages_and_open_in_the_editors_language():
    project = ProjectPageFactory()
    assert project.preview_modes == [("fr", "Français"), ("en", "English")]
    for language in ["fr", "en"]:
        with translation.override(language):
            assert project.default_preview_mode == language


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["fr", "en"])
def test_a_preview_renders_the_draft_in_its_mode_language(mode):
    project = ProjectPageFactory()
    project.summary_fr, project.summary_en = "Résumé en brouillon", "Draft summary"
    response = project.make_preview_request(None, mode)
    document = lxml_html.fromstring(response.content)
    assert document.get("lang") == mode
    expected = {"fr": "Résumé en brouillon", "en": "Draft summary"}[mode]
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_the_edit_form_shows_the_status_panel_with_a_link_per_language():
    project = ProjectPageFactory(summary_en="")
    response = client_for(EditorFactory()).get(f"/admin/pages/{project.pk}/edit/")
    document = lxml_html.fromstring(response.content)
    (panel,) = document.cssselect("[data-translation-status]")
    content_type = ContentType.objects.get_for_model(project).pk
    links = {link.get("data-translate"): link.get("href") for link in panel.cssselect("a[data-translate]")}
    assert links == {
        code: f"/admin/translations/translate/{content_type}/{project.pk}/{code}/" for code in ["fr", "en"]
    }
    assert "Summary" in panel.text_content() or "Résumé" in panel.text_content()
