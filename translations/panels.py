"""A read-only panel at the top of each page's edit form: what is left to translate in it.

Wagtail 8 has no hook to add a side panel or a panel to an existing edit form, and the apps
that define page types must not import the translation tooling (docs/ARCHITECTURE.md), so
the panel is put at the top of the content tab (under the title) of every page type registered
with modeltranslation, when the app is ready (`attach_status_panel`).
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from wagtail.admin.panels import Panel, TitleFieldPanel
from wagtail.models import Page

from .completeness import language_codes, missing_fields
from .report import completeness_by_language, in_field_order, language_name


class TranslationStatusPanel(Panel):
    """Lists, per language, the fields of the edited object still waiting for a translation."""

    def __init__(self, *args, heading=None, **kwargs):
        super().__init__(*args, heading=heading or _("Translations"), **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "translations/panels/translation_status.html"

        def is_shown(self):
            # A page being created has nothing to translate yet.
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            content_type_id = ContentType.objects.get_for_model(model).pk
            percentages = completeness_by_language(self.instance, language_codes())
            context["languages"] = [
                {
                    "code": code,
                    "name": language_name(code),
                    "completeness": percentages[code],
                    "missing": [
                        capfirst(model._meta.get_field(name).verbose_name)
                        for name in in_field_order(model, missing_fields(self.instance, code))
                    ],
                    "workbench_url": reverse(
                        "translations:workbench", args=(content_type_id, self.instance.pk, code)
                    ),
                }
                for code in language_codes()
            ]
            context["complete"] = not any(language["missing"] for language in context["languages"])
            return context


def attach_status_panel():
    """Put a TranslationStatusPanel at the top of the content tab of every registered page type."""
    for model in translator.get_registered_models():
        if not issubclass(model, Page) or model is Page or "edit_handler" in model.__dict__:
            continue
        panels = list(model.content_panels)
        if any(isinstance(panel, TranslationStatusPanel) for panel in panels):
            continue  # inherited from a registered parent type that already has it
        # Right under the title fields (one per language), which Wagtail styles as the page's heading.
        position = 0
        while position < len(panels) and isinstance(panels[position], TitleFieldPanel):
            position += 1
        model.content_panels = [*panels[:position], TranslationStatusPanel(), *panels[position:]]
        model.get_edit_handler.cache_clear()
