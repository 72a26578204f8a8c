"""Reads of the portfolio: every listing the pages show, each in a fixed number of queries."""

import datetime
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Max, Q, Value, When, Window
from django.db.models.functions import Coalesce, Length, Substr
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from editorial.visibility import public_pages
from pagecache import store
from partners.models import ROLE_HEADINGS, ROLE_ORDER, Partner, PartnerIndexPage, PartnerRole

from . import highlight


def _model(name):
    # Resolved lazily: models.py imports this module, so it cannot import models.py back.
    return apps.get_model("projects", name)


def archived_q(today=None):
    """Projects archived by an editor, or whose end date (month, or else year) has passed."""
    today = today or datetime.date.today()
    ended = Q(end_year__lt=today.year) | Q(end_year=today.year, end_month__lt=today.month)
    return Q(archived=True) | ended


def is_past(archived, end_year, end_month, today=None):
    """The same rule as archived_q, for a project already in memory."""
    if archived:
        return True
    if not end_year:
        return False
    today = today or datetime.date.today()
    return (end_year, end_month or 12) < (today.year, today.month)


def _project_cards(queryset):
    """What a project card shows: image renditions preloaded, stream bodies left out."""
    return (
        public_pages(queryset)
        .defer_streamfields()
        .select_related("hero_image")
        .prefetch_related("hero_image__renditions")
    )


def _remembered_cards(name, parts, queryset):
    """The project cards of an ordered, sliced `queryset`, in one query either way.

    Which projects (their ids, in order) is kept by the row cache until the next publication:
    sorting every matching project to find the few shown is the part that grows with the
    site. When the ids are known, the cards are read by primary key (the same live + public
    rule applied again) instead.
    """
    cards = None

    def read():
        nonlocal cards
        cards = list(queryset)
        return [card.pk for card in cards]

    # The order includes the title, whose column depends on the language.
    ids = store.remember(name, (translation.get_language(), *parts), read)
    if cards is None:
        by_id = {
            card.pk: card
            for card in _project_cards(_model("ProjectPage").objects.filter(pk__in=ids)).annotate(
                is_past=_is_past()
            )
        }
        cards = [by_id[pk] for pk in ids if pk in by_id]
    return cards


def attach_programs(projects):
    """Give each project its program (its parent page, if public) with one query for all of them."""
    projects = list(projects)
    if not projects:
        return projects
    parent_paths = {project.path[: -project.steplen] for project in projects}
    programs = {
        program.path: program
        for program in public_pages(
            _model("ProgramPage").objects.filter(path__in=parent_paths)
        ).defer_streamfields()
    }
    for project in projects:
        project.program = programs.get(project.path[: -project.steplen])
    return projects


@dataclass
class Selection:
    """The first projects of a longer list, and how many there are in all."""

    projects: list
    total: int

    @property
    def is_partial(self):
        return self.total > len(self.projects)


def _selection(queryset, limit):
    # The total rides along with each row (a window count): no separate COUNT query.
    projects = list(queryset.annotate(total=Window(Count("pk")))[:limit])
    return Selection(projects=projects, total=projects[0].total if projects else 0)


def program_projects(program, limit=24):
    """The first live projects of one program, current ones first, and how many it has."""
    return _selection(_current_first(_project_cards(_model("ProjectPage").objects.child_of(program))), limit)


def archived_projects(limit=60):
    """The most recently ended past projects, and how many past projects there are."""
    queryset = _project_cards(_model("ProjectPage").objects.filter(archived_q()))
    selection = _selection(
        queryset.order_by(
            Coalesce("end_year", "start_year", Value(0)).desc(),
            Coalesce("start_year", Value(0)).desc(),
            "title",
        ),
        limit,
    )
    attach_programs(selection.projects)
    return selection


@dataclass
class Period:
    """A decade of the archive and the projects that ended in it."""

    decade: int | None
    projects: list


def archive_by_period(limit=60):
    """The most recent past projects grouped by the decade they ended in (or began in), newest first.

    Returns the periods and the number of past projects in all (the archive shows the most
    recent `limit`, and links to the listing of every completed project).
    """
    selection = archived_projects(limit)
    periods = []
    for project in selection.projects:
        year = project.end_year or project.start_year
        decade = year - year % 10 if year else None
        if not periods or periods[-1].decade != decade:
            periods.append(Period(decade=decade, projects=[]))
        periods[-1].projects.append(project)
    return periods, selection


def related_projects(project, limit=3):
    """Other live projects of the same program or sharing a country, current ones first."""
    same_place = Q(path__startswith=project.path[: -project.steplen])
    for country in project.countries:
        same_place |= Q(countries__contains=country.code)
    queryset = _project_cards(_model("ProjectPage").objects.filter(same_place).exclude(pk=project.pk))
    selection = _current_first(queryset)[:limit]
    return attach_programs(_remembered_cards("related", (project.pk, limit), selection))


def _current_first(queryset):
    return queryset.annotate(is_past=_is_past()).order_by(
        "is_past",
        Coalesce("end_year", Value(9999)).desc(),
        Coalesce("start_year", Value(0)).desc(),
        "title",
    )


def featured_projects(home):
    """The projects an editor put forward on the home page, in their order, live ones only."""
    ids = list(home.featured_projects.values_list("project_id", flat=True))
    by_id = {
        project.pk: project for project in _project_cards(_model("ProjectPage").objects.filter(pk__in=ids))
    }
    return attach_programs([by_id[pk] for pk in ids if pk in by_id])


def programs(home):
    """The thematic programs under the home page, in the tree's order."""
    return (
        public_pages(_model("ProgramPage").objects.child_of(home))
        .defer_streamfields()
        .select_related("image")
        .prefetch_related("image__renditions")
    )


def listing_pages(home):
    """The index pages under the home page (all projects, archive, partners), for navigation."""
    # The organisation's own pages (About, Legal notice…) are linked from the footer instead.
    content_page = apps.get_model("organisation", "ContentPage")
    return public_pages(Page.objects.child_of(home)).not_type(_model("ProgramPage"), content_page).specific()


def project_partner_links(project):
    """A project's partners and funders with their logos, in the editor's order."""
    return (
        project.partner_links.filter(partner__live=True)
        # Links with the same (or no) sort order come in the order they were added, on every database.
        .order_by("sort_order", "pk")
        .select_related("partner", "partner__logo")
        .prefetch_related("partner__logo__renditions")
    )


def partners_by_role(links):
    """A project's partner links grouped by role, funders first, for the facts box (no query)."""
    groups = []
    for role in ROLE_ORDER:
        members = [link for link in links if link.role == role]
        if members:
            label = ROLE_HEADINGS[role] if len(members) > 1 else PartnerRole(role).label
            groups.append({"role": role, "label": label, "links": members})
    return groups


def project_documents(project):
    """A project's attached documents with their files."""
    return project.documents.order_by("sort_order", "pk").select_related("document")


def navigation(request):
    """The site's home page and the pages listed in its menu, for the header of every page."""
    site = Site.find_for_request(request)
    if site is None:
        return {"home": None, "items": [], "programs": []}
    home = site.root_page
    # One read for the menu and the footer's programs: the home page has a dozen children.
    children = list(public_pages(home.get_children()))
    items = [child for child in children if child.show_in_menus]
    programs = [child for child in children if child.specific_class is _model("ProgramPage")]
    # The projects listing, for "see every project" links (its type is known without a query).
    index = next((item for item in items if item.specific_class is _model("ProjectIndexPage")), None)
    # The partners directory, for links to an organisation's entry, in the menu or not.
    directory = next((child for child in children if child.specific_class is PartnerIndexPage), None)
    return {
        "home": home,
        "items": items,
        "programs": programs,
        "projects_index": index,
        "partners_index": directory,
    }


def breadcrumbs(page):
    """The pages above `page`, from the home page down, without the tree's invisible root."""
    return list(page.get_ancestors().filter(depth__gt=1).live())


# The projects listing -------------------------------------------------------


@dataclass
class FacetOption:
    """One choice of a filter, with how many projects it would show."""

    value: str
    label: str
    count: int
    selected: bool
    query_string: str


@dataclass
class FilterOptions:
    """The values each filter accepts, read from the projects that exist."""

    programs: list  # ProgramPage objects, in tree order
    countries: list  # ISO codes used by at least one live project
    # How many live projects share each (program, countries, status): a few dozen groups
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


@dataclass
class Listing:
    """A page of project cards and the filters' options with their counts."""

    page: object
    total: int
    facets: dict = field(default_factory=dict)


def _is_past():
    """1 for a past project (archived_q), 0 for a current one, computed by the database."""
    return Case(When(archived_q(), then=Value(1)), default=Value(0), output_field=IntegerField())


def filter_options():
    """Programs and countries to filter by, and the grouped counts the facets are made of.

    Kept by the row cache until the next publication: the grouped count reads every project.
    """
    return store.remember("filter-options", (), _read_filter_options)


def _read_filter_options():
    programs = list(public_pages(_model("ProgramPage").objects.all()).defer_streamfields().order_by("path"))
    groups = list(
        public_pages(_model("ProjectPage").objects.all())
        # A project's program is its parent: the path without its last step.
        .annotate(program_path=Substr("path", 1, Length("path") - Page.steplen), is_past=_is_past())
        .values("program_path", "countries", "is_past")
        .annotate(count=Count("pk"))
        .order_by()
    )
    countries = set()
    for group in groups:
        group["countries"] = [code for code in (group["countries"] or "").split(",") if code]
        group["status"] = "archived" if group.pop("is_past") else "active"
        countries.update(group["countries"])
    return FilterOptions(programs=programs, countries=sorted(countries), groups=groups)


@dataclass
class CountryCount:
    """A country where public projects are, and how many the listing filtered by it shows."""

    code: str
    name: str
    count: int


def project_countries():
    """The countries of public projects, each with its number of projects, in alphabetical order.

    One grouped query (projects sharing a list of countries are counted together), kept by
    the row cache until the next publication. The rule is the listing's (public projects,
    current and past), so each number is the one the listing filtered by that country shows.
    """
    return store.remember("project-countries", (translation.get_language(),), _read_project_countries)


def _read_project_countries():
    groups = (
        public_pages(_model("ProjectPage").objects.all())
        .values("countries")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {}
    for group in groups:
        for code in (group["countries"] or "").split(","):
            if code:
                counts[code] = counts.get(code, 0) + group["count"]
    countries = [
        CountryCount(code=code, name=str(Country(code).name), count=count) for code, count in counts.items()
    ]
    return sorted(countries, key=lambda country: sort_key(country.name))


def sort_key(text):
    """Alphabetical order as readers expect it: "Égypte" between "Algérie" and "France"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _group_matches(group, name, value, program_paths):
    if name == "program":
        return group["program_path"] == program_paths[value]
    if name == "country":
        return value in group["countries"]
    return group["status"] == value


def _filter_q(name, value, program_paths):
    """The same test as _group_matches, as SQL on ProjectPage."""
    if name == "program":
        return Q(path__startswith=program_paths[value], depth=len(program_paths[value]) // Page.steplen + 1)
    if name == "country":
        # Codes are stored comma-separated ("DZ,FR"); two letters never straddle a comma.
        return Q(countries__contains=value)
    return Q(is_past=1 if value == "archived" else 0)


# Longer pages (the exports list every project on one) are read as they are: remembering
# their ids would not spare the sort, only add a long `IN` list.
LONGEST_REMEMBERED_PAGE = 100


class CountedPaginator(Paginator):
    """A paginator given its count, already known from the facets: no COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def project_listing(filters, page_number, options, per_page=12):
    """The page of projects matching `filters`, with every option's count given the other filters."""
    program_paths = {program.slug: program.path for program in options.programs}
    active = filters.active

    def matching(skip=None):
        return [
            group
            for group in options.groups
            if all(
                _group_matches(group, name, value, program_paths)
                for name, value in active.items()
                if name != skip
            )
        ]

    total = sum(group["count"] for group in matching())
    results = _current_first(_project_cards(_model("ProjectPage").objects.all()))
    for name, value in active.items():
        results = results.filter(_filter_q(name, value, program_paths))
    page = CountedPaginator(results, per_page, count=total).get_page(page_number)
    programs_by_path = {program.path: program for program in options.programs}
    if per_page <= LONGEST_REMEMBERED_PAGE:
        page.object_list = _remembered_cards(
            "listing", (sorted(active.items()), page.number, per_page), page.object_list
        )
    else:
        page.object_list = list(page.object_list)
    for project in page.object_list:
        project.program = programs_by_path.get(project.path[: -project.steplen])

    facets = {}
    labels = {
        "program": [(program.slug, program.title) for program in options.programs],
        "country": sorted(
            ((code, str(Country(code).name)) for code in options.countries),
            key=lambda item: sort_key(item[1]),
        ),
        "status": [("active", _("Ongoing")), ("archived", _("Completed"))],
    }
    for name, choices in labels.items():
        candidates = matching(skip=name)
        counts = {
            value: sum(
                group["count"] for group in candidates if _group_matches(group, name, value, program_paths)
            )
            for value, _label in choices
        }
        facets[name] = [
            FacetOption(
                value=value,
                label=label,
                count=counts[value],
                selected=active.get(name) == value,
                query_string=filters.query_string(**{name: None if active.get(name) == value else value}),
            )
            for value, label in choices
            if counts[value] or active.get(name) == value
        ]
    return Listing(page=page, total=total, facets=facets)


# Search ---------------------------------------------------------------------


@dataclass
class SearchResults:
    query: str
    page: object
    total: int
    partners: list
    directory_url: str = ""
    listing_url: str = ""
    # On no result: the query with its words respelled as the site writes them, when that
    # finds something (`suggestion_total` results).
    suggestion: str = ""
    suggestion_total: int = 0
    suggestion_language: str = ""

    @property
    def suggestion_url(self):
        return f"{reverse('search')}?{urlencode({'q': self.suggestion})}" if self.suggestion else ""

    @property
    def suggestion_html(self):
        """The suggestion, escaped, marked with its language when not the page's (WCAG 3.1.2)."""
        if self.suggestion_language:
            return format_html('<span lang="{}">{}</span>', self.suggestion_language, self.suggestion)
        return escape(self.suggestion)


def _searchable_pages():
    types = [_model("ProgramPage"), _model("ProjectPage")]
    # The search backend filters only on indexed fields: the rule's subqueries go through pk.
    return Page.objects.filter(pk__in=public_pages(Page.objects.type(*types)).values("pk"))


def search_vocabulary():
    """Words of public programs' and projects' titles, short names and countries, in both languages.

    The current language's words come first, so they give a word's spelling. Read in one query
    and kept in the cache until the next change pages show (the page cache's generation moves
    on at every publication, unpublication, move or deletion): at 10,000 projects, building it
    takes longer than the rest of the page.
    """
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    generation = store.generation()
    key = f"search:vocabulary:{generation}:{current}"
    if generation is not None:
        words = cache.get(key)
        if words is not None:
            return words
    words = _read_vocabulary(current)
    if generation is not None:
        cache.set(key, words, timeout=24 * 3600)
    return words


def _read_vocabulary(current):
    rows = public_pages(Page.objects.type(_model("ProgramPage"), _model("ProjectPage"))).values_list(
        "title_fr", "title_en", "projectpage__acronym", "projectpage__countries"
    )
    languages = [current] + [code for code, _name in settings.LANGUAGES if code != current]
    titles = {code: set() for code in languages}
    neutral, country_codes = set(), set()
    for title_fr, title_en, acronym, countries in rows:
        titles["fr"].add(title_fr or "")
        titles["en"].add(title_en or "")
        neutral.add(acronym or "")
        country_codes.update(code for code in (countries or "").split(",") if code)
    texts = []
    for code in languages:
        with translation.override(code):
            names = [str(Country(country).name) for country in sorted(country_codes)]
        texts += [(code, text) for text in sorted(titles[code]) + names]
    texts += [(code, text) for text in sorted(neutral) for code in languages]
    return highlight.vocabulary(texts)


def search(raw_query, page_number, per_page=10):
    """Live public programs and projects matching the query (paginated), and matching partners.

    The search page runs a fixed number of queries (this function's and the site's header):
    7 with results, whatever mix of programs and projects, one more for the partners'
    directory when partners are found; 5 with none, one more to count a suggestion's
    results, and one more to read the vocabulary when it is not cached.
    """
    query = highlight.clean_query(raw_query)
    if not query:
        return SearchResults(query="", page=None, total=0, partners=[])
    matches = _searchable_pages().search(query, operator="or")
    paginator = Paginator(matches, per_page)
    page = paginator.get_page(page_number)
    ids = [result.pk for result in page.object_list]
    by_id = {}
    if ids:
        # One query per type, always both: `.specific()` would add a content-type query and
        # one per type present, so the count would depend on what was found.
        for model in (_model("ProgramPage"), _model("ProjectPage")):
            by_id.update((result.pk, result) for result in model.objects.filter(pk__in=ids))
    terms = query.split()
    results = []
    for pk in ids:
        result = by_id.get(pk)
        if result is None:
            continue
        fields = ["summary", "body"] if hasattr(result, "summary") else ["introduction", "body"]
        result.extract = highlight.extract(highlight.texts(result, fields), terms)
        results.append(result)
    # A result named by the query (acronym or title) leads its page, whatever the engine's
    # relevance: SQLite's bm25 does not weigh fields as PostgreSQL's ranking does.
    # A short name named by the query comes first of all (FORM'Algérie before a project that only
    # has Algérie in its title).
    page.object_list = sorted(
        results,
        key=lambda result: (
            not highlight.names(result, terms, ("acronym",)),
            not highlight.names(result, terms),
        ),
    )
    # Partner's manager is modeltranslation's, which has no .search(): ask the backend directly.
    partners = list(get_search_backend().search(query, Partner.objects.filter(live=True), operator="or")[:10])
    for partner in partners:
        partner.extract = highlight.extract(highlight.texts(partner, ["description"]), terms)
    # Found partners link to their entry in the directory (partner-<pk> anchors there).
    directory = None
    if partners:
        directory = public_pages(Page.objects.type(apps.get_model("partners", "PartnerIndexPage"))).first()
    directory_url = directory.get_url() if directory else ""
    # No result is never a dead end: a respelled query when it finds something ("algerei",
    # or a word spelt as the other language spells it), and the listing and its filters.
    listing = None
    suggestion, suggestion_total = highlight.Suggestion(), 0
    if not paginator.count and not partners:
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        suggestion = highlight.suggestion(query, search_vocabulary(), language)
        if suggestion.text:
            suggestion_total = _searchable_pages().search(suggestion.text, operator="or").count()
        listing = public_pages(Page.objects.type(_model("ProjectIndexPage"))).first()
    return SearchResults(
        query=query,
        page=page,
        total=paginator.count,
        partners=partners,
        directory_url=directory_url,
        listing_url=listing.get_url() if listing else "",
        suggestion=suggestion.text if suggestion_total else "",
        suggestion_language=suggestion.language if suggestion_total else "",
        suggestion_total=suggestion_total,
    )


def sitemap_pages():
    """Every live page visitors may see (no drafts, no private pages), in tree order, as a queryset."""
    return (
        public_pages(Page.objects.filter(depth__gt=1))
        .only("path", "url_path", "url_path_fr", "url_path_en", "last_published_at")
        .order_by("path")
    )


def sitemap_summary(pages):
    """How many pages the sitemap lists and when the last one was published, in one query."""
    return pages.order_by().aggregate(count=Count("pk"), latest=Max("last_published_at"))


def newest_projects(limit=20):
    """The most recently published live projects, for the feed."""
    return list(
        public_pages(_model("ProjectPage").objects.all())
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")[:limit]
    )
