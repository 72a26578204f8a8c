"""Reads of the portfolio beyond a page's own: navigation, search, sitemap and feed.

Each runs a fixed number of queries. The rules they apply (what visitors may see, which
projects are archived, what a card needs) are the models' (ProjectPage.objects and
editorial.visibility): reads here compose them and define none.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django_countries.fields import Country
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from editorial.visibility import public_pages
from partners.models import Partner, PartnerIndexPage, directory_pages
from portfolio.languages import current_language, current_language_first, language_codes

from . import highlight
from .models import ProgramPage, ProjectIndexPage, ProjectPage


def navigation(request):
    """The site's home page and the pages listed in its menu, for the header of every page.

    Read once per request and kept on it: the header, the footer (organisation.selectors) and
    the home page's own body all show the home page's children.
    """
    if not hasattr(request, "_portfolio_navigation"):
        request._portfolio_navigation = _read_navigation(request)
    return request._portfolio_navigation


def _read_navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"home": None, "items": [], "programs": [], "children": []}
    home = site.root_page
    # One read for the menu, the footer's programs and pages: the home page has a dozen children.
    children = list(public_pages(home.get_children()))
    items = [child for child in children if child.show_in_menus]
    programs = [child for child in children if child.specific_class is ProgramPage]
    # The projects listing, for "see every project" links (its type is known without a query).
    index = next((item for item in items if item.specific_class is ProjectIndexPage), None)
    # The partners directory, for links to an organisation's entry, in the menu or not.
    directory = next((child for child in children if child.specific_class is PartnerIndexPage), None)
    return {
        "home": home,
        "items": items,
        "programs": programs,
        "projects_index": index,
        "partners_index": directory,
        # Every child visitors may see (Page objects, in the tree's order).
        "children": children,
    }


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
    types = [ProgramPage, ProjectPage]
    # The search backend filters only on indexed fields: the rule's subqueries go through pk.
    return Page.objects.filter(pk__in=public_pages(Page.objects.type(*types)).values("pk"))


def search_vocabulary():
    """Words of public programs' and projects' titles, short names and countries, in both languages.

    The current language's words come first, so they give a word's spelling. Read in one query
    when a search found nothing, and kept in Django's cache under the number of searchable pages
    and their latest publication (one more small query): at 10,000 projects, building it takes
    longer than the rest of the page. An unpublication that leaves a word in it only costs a
    suggestion whose count, made by the search itself, is zero and is then not offered.
    """
    current = current_language()
    state = _searchable_pages().aggregate(count=Count("pk"), latest=Max("last_published_at"))
    latest = state["latest"].isoformat() if state["latest"] else ""
    key = f"search:vocabulary:{state['count']}:{latest}:{current}"
    words = cache.get(key)
    if words is None:
        words = _read_vocabulary(current)
        cache.set(key, words, timeout=24 * 3600)
    return words


def _read_vocabulary(current):
    rows = public_pages(Page.objects.type(ProgramPage, ProjectPage)).values_list(
        "title_fr", "title_en", "projectpage__acronym", "projectpage__countries"
    )
    languages = current_language_first()
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
    directory when partners are found; 6 with none (one of them the vocabulary's cache key),
    one more to count a suggestion's results, and one more to read the vocabulary when it is
    not cached. The query is normalised by the search backend (projects.search_text).
    """
    query = highlight.clean_query(raw_query)
    if not query:
        return SearchResults(query="", page=None, total=0, partners=[])
    # Only the ids: the results are read again by type, ten at a time; ranking every match
    # with whole page rows in tow was a third of the query's time at 10,000 projects.
    matches = Paginator(_searchable_pages().only("pk").search(query, operator="or"), per_page)
    ranked = matches.get_page(page_number)
    ids = [result.pk for result in ranked.object_list]
    # The page of results as the template reads it (number, neighbours, elided range), over the
    # count already known: the ranking is not run again to page through it.
    paginator = Paginator(range(matches.count), per_page)
    page = paginator.get_page(ranked.number)
    by_id = {}
    if ids:
        # One query per type, always both: `.specific()` would add a content-type query and
        # one per type present, so the count would depend on what was found.
        for model in (ProgramPage, ProjectPage):
            by_id.update((result.pk, result) for result in model.objects.filter(pk__in=ids))
    terms = query.split()
    results = []
    for pk in ids:
        result = by_id.get(pk)
        if result is None:
            continue
        result.extract = highlight.extract(highlight.texts(result, result.search_extract_fields), terms)
        results.append(result)
    # What the query names leads the page, whatever the engine's relevance (SQLite's bm25 does
    # not weigh fields as PostgreSQL's ranking does): see highlight.name_rank.
    page.object_list = sorted(results, key=lambda result: highlight.name_rank(result, query))
    # Partner's manager is modeltranslation's, which has no .search(): ask the backend directly.
    partners = list(get_search_backend().search(query, Partner.objects.filter(live=True), operator="or")[:10])
    for partner in partners:
        partner.extract = highlight.extract(highlight.texts(partner, ["description"]), terms)
    # Found partners link to their entry in the directory (partner-<pk> anchors there).
    directory = public_pages(Page.objects.type(PartnerIndexPage)).first() if partners else None
    directory_url = directory.get_url() if directory else ""
    if directory_url:
        directory_page = directory_pages()
        for partner in partners:
            number = directory_page.get(partner.pk, 1)
            on_page = f"?page={number}" if number > 1 else ""
            partner.directory_url = f"{directory_url}{on_page}#partner-{partner.pk}"
    # No result is never a dead end: a respelled query when it finds something ("algerei",
    # or a word spelt as the other language spells it), and the listing and its filters.
    listing = None
    suggestion, suggestion_total = highlight.Suggestion(), 0
    if not paginator.count and not partners:
        suggestion = highlight.suggestion(query, search_vocabulary(), current_language())
        if suggestion.text:
            suggestion_total = _searchable_pages().search(suggestion.text, operator="or").count()
        listing = public_pages(Page.objects.type(ProjectIndexPage)).first()
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
        .only("path", "url_path", *(f"url_path_{code}" for code in language_codes()), "last_published_at")
        .order_by("path")
    )


def newest_projects(limit=20):
    """The most recently published visible projects, for the feed."""
    return list(
        ProjectPage.objects.visible().defer_streamfields().order_by("-first_published_at", "-pk")[:limit]
    )


# Key figures ------------------------------------------------------------------


@dataclass
class KeyFigures:
    """The portfolio in three numbers, every one computed from the content, none typed."""

    projects: int
    countries: int
    first_year: int | None
    years: int

    def __bool__(self):
        return self.projects > 0


def key_figures(countries, today=None):
    """How many visible projects (current and archived), in how many countries, over how many
    years: from the earliest year a project began (or, without a start, ended) to this year
    (1995 to 2026: 31 years; at least 1 once a project has a date).

    `countries` is the home page's list of countries with their projects (listing.country_counts,
    read once for its map), so the figures cost one aggregate query.
    """
    today = today or timezone.localdate()
    found = ProjectPage.objects.visible().aggregate(
        count=Count("pk"), first_year=Min(Coalesce("start_year", "end_year"))
    )
    first_year = found["first_year"]
    years = max(today.year - first_year, 1) if first_year and first_year <= today.year else 0
    return KeyFigures(projects=found["count"], countries=len(countries), first_year=first_year, years=years)
