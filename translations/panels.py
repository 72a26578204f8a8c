"""A read-only panel of a page's edit form: what is left to translate in it.

Each page type declares it right after `Page.content_panels` (the title): wagtail-modeltranslation
expands the title into one field per language and leaves panels it does not know where they are.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .completeness import completeness, field_label, language_codes, language_name, missing_fields


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
            percentages = completeness(self.instance)
            context["languages"] = [
                {
                    "code": code,
                    "name": language_name(code),
                    "completeness": percentages[code],
                    "missing": [field_label(model, name) for name in missing_fields(self.instance, code)],
                    "workbench_url": reverse(
                        "translations:workbench", args=(content_type_id, self.instance.pk, code)
                    ),
                }
                for code in language_codes()
            ]
            context["complete"] = not any(language["missing"] for language in context["languages"])
            return context
