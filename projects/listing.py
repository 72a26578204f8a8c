"""The projects listing: one object reads the query string, filters, pages and counts.

`ProjectListing` is given the projects and programs it lists (ProjectPage and ProgramPage
querysets), so this module imports no model: the page types use it from their get_context,
and the open data (API, exports) use it to show exactly what the listing shows.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from portfolio.languages import reading_key

from . import tree
from .filters import FILTER_NAMES, ProjectFilters

STATUS_LABELS = {"current": _("Current"), "archived": _("Archived")}


@dataclass
class FacetOption:
    """One choice of a filter, with how many projects it would show."""

    value: str
    label: str
    count: int
    selected: bool
    # The listing's query with this choice toggled (for {% querystring %}); changing a filter
    # goes back to the first page.
    query: QueryDict


@dataclass
class FilterOptions:
    """The values each filter accepts, read from the projects that exist."""

    programs: list  # ProgramPage objects, in tree order
    countries: list  # ISO codes used by at least one live project
    # How many visible projects share each (program, countries, status): a few dozen groups
    # however many projects there are, from which every count of the listing follows.
    groups: list

    @property
    def program_slugs(self):
        """A program's slug in any language → its slug in the current one."""
        slugs = {}
        for program in self.programs:
            for code, _name in settings.LANGUAGES:
                slugs[getattr(program, f"slug_{code}") or program.slug] = program.slug
        return slugs


def filter_options(projects, programs):
    """Programs and countries to filter by, and the grouped counts the facets are made of."""
    program_list = list(programs.visible().defer_streamfields().order_by("path"))
    groups = list(
        projects.visible()
        .with_archive_status()
        # A project's program is its parent.
        .annotate(program_path=tree.parent_path_expression())
        .values("program_path", "countries", "archived_now")
        .annotate(count=Count("pk"))
        .order_by()
    )
    countries = set()
    for group in groups:
        group["countries"] = [code for code in (group["countries"] or "").split(",") if code]
        group["status"] = "archived" if group.pop("archived_now") else "current"
        countries.update(group["countries"])
    return FilterOptions(programs=program_list, countries=sorted(countries), groups=groups)


class ProjectListing:
    """The listing for one query string: the filters kept, a page of cards, every option's count.

    Values that name no option (an unknown program, a junk status) are dropped and reported in
    `filters.rejected`; a page number that is not one is read as the nearest page. `query` is
    what was kept, for {% querystring %} links, so no link carries a rejected value.
    """

    def __init__(self, query, projects, programs, per_page=12, page_number=None):
        self.options = filter_options(projects, programs)
        self.filters = ProjectFilters.from_query(query, self.options.program_slugs, self.options.countries)
        self.projects = projects
        self.per_page = per_page
        self.requested_page = query.get("page") if page_number is None else page_number
        self._program_paths = {program.slug: program.path for program in self.options.programs}

    # What the visitor chose ------------------------------------------------

    @cached_property
    def query(self):
        """The filters kept, in their fixed order, as a QueryDict (without the page number)."""
        query = QueryDict(mutable=True)
        for name, value in self.filters.active.items():
            query[name] = value
        return query

    def _toggled(self, name, value):
        query = self.query.copy()
        if self.filters.active.get(name) == value:
            del query[name]
        else:
            query[name] = value
        # Filters keep their fixed order, so one selection always has one URL.
        ordered = QueryDict(mutable=True)
        for key in FILTER_NAMES:
            if key in query:
                ordered[key] = query[key]
        return ordered

    # Counts ---------------------------------------------------------------

    def _group_matches(self, group, name, value):
        if name == "program":
            return group["program_path"] == self._program_paths[value]
        if name == "country":
            return value in group["countries"]
        return group["status"] == value

    def _filter_q(self, name, value):
        """The same test as _group_matches, on ProjectPage (annotated with its archive status)."""
        if name == "program":
            return tree.children_q(self._program_paths[value])
        if name == "country":
            # Codes are stored comma-separated ("DZ,FR"); two letters never straddle a comma.
            return Q(countries__contains=value)
        return Q(archived_now=value == "archived")

    def _matching(self, skip=None):
        active = self.filters.active
        return [
            group
            for group in self.options.groups
            if all(self._group_matches(group, name, value) for name, value in active.items() if name != skip)
        ]

    @cached_property
    def total(self):
        return sum(group["count"] for group in self._matching())

    # Results --------------------------------------------------------------

    @cached_property
    def page(self):
        """The page of project cards (current ones first), each with its program."""
        matching = self.projects.visible().current_first()
        for name, value in self.filters.active.items():
            matching = matching.filter(self._filter_q(name, value))
        paginator = Paginator(matching, self.per_page)
        paginator.count = self.total  # known from the facets: no COUNT query
        page = paginator.get_page(self.requested_page)
        # The slice is ordered by its ids alone, then read whole (ProjectPageQuerySet.read_as_cards).
        page.object_list = page.object_list.read_as_cards()
        programs = {program.path: program for program in self.options.programs}
        for project in page.object_list:
            project.program = programs.get(tree.parent_path(project.path))
        return page

    @cached_property
    def facets(self):
        """{filter name: [FacetOption]}, each count given the other filters in force."""
        active = self.filters.active
        labels = {
            "program": [(program.slug, program.title) for program in self.options.programs],
            "country": sorted(
                ((code, str(Country(code).name)) for code in self.options.countries),
                key=lambda item: reading_key(item[1]),
            ),
            "status": list(STATUS_LABELS.items()),
        }
        facets = {}
        for name, choices in labels.items():
            candidates = self._matching(skip=name)
            counts = {
                value: sum(group["count"] for group in candidates if self._group_matches(group, name, value))
                for value, _label in choices
            }
            facets[name] = [
                FacetOption(
                    value=value,
                    label=label,
                    count=counts[value],
                    selected=active.get(name) == value,
                    query=self._toggled(name, value),
                )
                for value, label in choices
                if counts[value] or active.get(name) == value
            ]
        return facets


@dataclass
class CountryCount:
    """A country where public projects are, and how many the listing filtered by it shows."""

    code: str
    name: str
    count: int


def country_counts(projects):
    """The countries of `projects` (the listing's projects: a ProjectPage manager or queryset,
    of which the visible ones count), each with its number of projects, in reading order.

    One grouped query (projects sharing a list of countries are counted together). The rule
    is the listing's (current and archived), so each number is the one the listing filtered by
    that country shows.
    """
    counts = {}
    for group in projects.visible().values("countries").annotate(count=Count("pk")).order_by():
        for code in (group["countries"] or "").split(","):
            if code:
                counts[code] = counts.get(code, 0) + group["count"]
    countries = [CountryCount(code, str(Country(code).name), count) for code, count in counts.items()]
    return sorted(countries, key=lambda country: reading_key(country.name))
