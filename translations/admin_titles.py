"""Page titles in the admin in the editor's language.

Wagtail's admin shows `Page.get_admin_display_title()`, which returns `draft_title`: a single
column holding the title in whichever language was active when the page was last saved
(French for the whole demo site). An editor whose admin language is English therefore saw
French titles in the explorer, the breadcrumbs, the sidebar and the edit view, although the
pages have English titles. Wagtail has no hook for this, so `localize_admin_titles()` (called
once, from the app's `ready()`) replaces the method on Wagtail's base Page class, for every
page type alike.
"""

from wagtail.models import Page

from .completeness import language_codes, localized_value, shown_language

# Wagtail's own method, kept to document (and test) what the admin showed without this module.
wagtail_admin_display_title = Page.get_admin_display_title


def localized_admin_display_title(page):
    """The title in the active language, falling back to another language when it is empty.

    A draft that renamed the page leaves its new title in `draft_title` only (the translated
    columns keep the published titles): that newer title wins, as it does in plain Wagtail.
    """
    titles = [localized_value(page, "title", code) for code in language_codes()]
    if page.draft_title and page.draft_title not in titles:
        return page.draft_title
    return localized_value(page, "title", shown_language(page, "title")) or page.draft_title or page.title


def localize_admin_titles():
    if Page.get_admin_display_title is not localized_admin_display_title:
        Page.get_admin_display_title = localized_admin_display_title
