"""Project cards: the HTML of each card, rendered once per publication, language and day.

A project's card is the same on the home page, the listing and other projects' pages. The row
cache (`pagecache.store.remember_each`) keeps each card's HTML until the next change, so a page
the page cache does not hold (another filter, a visitor with a session) reads and renders only
the cards it has not seen since then: on a listing page whose cards are all kept, the projects
are not read from the database at all.

`CardList` is what the listing and the project page hand their templates: the projects' ids,
the projects themselves read only when something iterates over them (the open data, tests),
and `html` for the cards.
"""

from collections.abc import Sequence

from django.template.loader import get_template
from django.utils import translation

from pagecache import store

TEMPLATE = "includes/project_card.html"


def render_cards(request, ids, load):
    """The cards of the projects `ids` as HTML, in that order, skipping projects load() drops.

    load(ids) reads the projects whose card is not kept, each with its program attached; a
    project it does not return (no longer visible) has no card.
    """
    ids = list(ids)
    template = get_template(TEMPLATE)

    def render(missing):
        # The card needs the request only for {% pageurl %} (relative URLs on this site):
        # context processors would add nothing a card shows.
        projects = {project.pk: project for project in load(missing)}
        return {
            pk: template.render({"project": projects[pk], "request": request}) if pk in projects else None
            for pk in missing
        }

    # A card's text depends on the language, its link on the host, its "Archived" badge on the day
    # (the day is part of every row-cache entry).
    parts = (translation.get_language(), request.get_host())
    cards = store.remember_each("card", parts, ids, render)
    return [cards[pk] for pk in ids if cards.get(pk) is not None]


class CardList(Sequence):
    """Projects shown as cards, by id; read from the database only when iterated."""

    def __init__(self, ids, load, projects=None):
        self.ids = list(ids)
        self._load = load
        self._projects = projects

    @property
    def projects(self):
        if self._projects is None:
            self._projects = list(self._load(self.ids))
        return self._projects

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self.projects[index]

    def _load_missing(self, missing):
        if self._projects is not None:
            wanted = set(missing)
            return [project for project in self._projects if project.pk in wanted]
        return self._load(missing)

    def html(self, request):
        """The cards' HTML, in order (see render_cards)."""
        return render_cards(request, self.ids, self._load_missing)
