"""An RSS feed per language of the newest projects: /fr/feed/ and /en/feed/."""

from django.contrib.syndication.views import Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import selectors


class ProjectFeed(Feed):
    """The newest published projects, in the language of the URL."""

    title = _("Project portfolio: newest projects")
    description = _("The newest development projects published on the portfolio.")

    def link(self):
        return f"/{get_language()}/"

    def items(self):
        return selectors.newest_projects()

    def item_title(self, project):
        return f"{project.acronym} – {project.title}" if project.acronym else project.title

    def item_description(self, project):
        return project.summary

    def item_link(self, project):
        return project.get_url()

    def item_pubdate(self, project):
        return project.first_published_at

    def item_categories(self, project):
        return [str(country.name) for country in project.countries]
