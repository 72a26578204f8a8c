"""An RSS feed per language of the newest projects: /fr/feed/ and /en/feed/."""

from django.contrib.syndication.views import Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portfolio.typography import english_text, french_text

from . import selectors


def typographic(text):
    """Apostrophes as the pages print them (portfolio.typography): ’, not '."""
    return french_text(text) if get_language() == "fr" else english_text(text)


class ProjectFeed(Feed):
    """The newest published projects, in the language of the URL."""

    description = _("The newest development projects published on the portfolio.")

    def link(self):
        return f"/{get_language()}/"

    def items(self):
        return selectors.newest_projects()

    def title(self):
        return typographic(str(_("Project portfolio: newest projects")))

    def item_title(self, project):
        # The short name only when the title does not already say it (no "SAARA – SAARA").
        name = project.distinct_short_name
        return typographic(f"{name} \u2013 {project.title}" if name else project.title)

    def item_description(self, project):
        # An RSS item has no lang: a summary not yet translated is replaced by facts in the
        # feed's language, and the item says its full text is in the other language.
        if project.description_awaits_translation():
            note = _("Not yet translated: the full description is in French.")
            return f"{project.built_description()} {note}"
        return project.meta_description()

    def item_categories(self, project):
        categories = [str(country.name) for country in project.countries]
        if project.description_awaits_translation():
            categories.append(str(_("Not yet translated")))
        return categories

    def item_link(self, project):
        return project.get_url()

    def item_pubdate(self, project):
        return project.first_published_at
