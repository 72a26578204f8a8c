"""Previews of a draft in either language: one preview mode per language on every page type.

Like the status panel, this is attached to the page types registered with modeltranslation
when the app is ready, because the apps defining them must not import the translation tooling.
"""

from django.utils import translation
from django.utils.translation import get_language_info
from modeltranslation.translator import translator
from wagtail.models import Page

from .completeness import current_language, language_codes


class LanguagePreviewModes:
    """Descriptor giving each page the modes "fr" and "en", named in their own language."""

    def __get__(self, instance, owner=None):
        return [(code, get_language_info(code)["name_local"].capitalize()) for code in language_codes()]


def _serve_preview_in(original):
    def serve_preview(self, request, mode_name):
        if mode_name in language_codes():
            with translation.override(mode_name):
                request.LANGUAGE_CODE = mode_name
                response = original(self, request, mode_name)
                # Render now: a TemplateResponse would otherwise render after the override ends.
                if hasattr(response, "render"):
                    response.render()
                return response
        return original(self, request, mode_name)

    serve_preview.__doc__ = "Render the draft with the preview mode's language active."
    return serve_preview


def attach_language_previews():
    for model in translator.get_registered_models():
        if not issubclass(model, Page) or model is Page or "serve_preview" in model.__dict__:
            continue
        model.preview_modes = LanguagePreviewModes()
        # Open the preview in the editor's own language; the other is one click away.
        model.default_preview_mode = property(lambda self: current_language())
        model.serve_preview = _serve_preview_in(model.serve_preview)
