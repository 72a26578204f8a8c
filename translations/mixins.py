"""What a translated page type adds to Wagtail, inherited explicitly by our page types.

Put first in a page type's bases (before `Page` and any other mixin), so Wagtail finds these
methods on the page type itself, the way its documentation says to override them:

- `TranslatedAdminTitleMixin`: the admin shows the page's title in the editor's language
  (Wagtail shows `draft_title`: the title in the language active at the last save).
- `TranslationPreviewMixin`: one preview mode per language, opened in the editor's language.

The edit form's translation status panel is declared in each page type's `content_panels`
(`translations.panels.TranslationStatusPanel`).
"""

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
        """One mode per language, named in its own language ("Français", "English")."""
        return [(code, get_language_info(code)["name_local"].capitalize()) for code in language_codes()]

    @property
    def default_preview_mode(self):
        """The editor's own language; the other is one click away."""
        return current_language()

    def serve_preview(self, request, mode_name):
        """Render the draft with the preview mode's language active."""
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
