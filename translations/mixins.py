"""What a translated page type adds to Wagtail's Page: the admin title in the editor's language
(Wagtail shows `draft_title`, the title in the language active at the last save) and one preview
mode per language. Put first in a page type's bases, so Wagtail finds these methods on the page
type itself, the way its documentation says to override them."""

from django.utils import translation
from django.utils.translation import get_language_info

from .completeness import current_language, language_codes, localized_value, shown_language


class TranslatedAdminTitleMixin:
    def get_admin_display_title(self):
        """The title in the active language, falling back to another language when it is empty.

        A draft that renamed the page leaves its new title in `draft_title` only (the translated
        columns keep the published titles): that newer title wins, as it does in plain Wagtail.
        """
        titles = [localized_value(self, "title", code) for code in language_codes()]
        if self.draft_title and self.draft_title not in titles:
            return self.draft_title
        return localized_value(self, "title", shown_language(self, "title")) or self.draft_title or self.title


class TranslationPreviewMixin:
    @property
    def preview_modes(self):
        """Named in their own language ("Français", "English")."""
        return [(code, get_language_info(code)["name_local"].capitalize()) for code in language_codes()]

    @property
    def default_preview_mode(self):
        return current_language()

    def serve_preview(self, request, mode_name):
        if mode_name not in language_codes():
            return super().serve_preview(request, mode_name)
        with translation.override(mode_name):
            request.LANGUAGE_CODE = mode_name
            response = super().serve_preview(request, mode_name)
            # Render now: a TemplateResponse would otherwise render after the override ends.
            if hasattr(response, "render"):
                response.render()
            return response


class TranslatedPageMixin(TranslatedAdminTitleMixin, TranslationPreviewMixin):
    """Everything a translated page type adds to Wagtail's Page."""
