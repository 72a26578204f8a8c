"""Reads behind the open data: the IATI file, the JSON API and the spreadsheet exports.

Only live, public pages and published partners are ever read. The projects listing's own
filter parsing and matching (projects.filters, projects.selectors) are reused, so the API
and the exports always show exactly what the listing shows.
"""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.models import Site

from editorial.visibility import public_pages
from partners.models import Partner
from projects import selectors as project_selectors
from projects.filters import ProjectFilters
from projects.models import ProgramPage, ProjectDocument, ProjectPage, ProjectPartner

from .models import OpenDataSettings

# Large enough for every project at once: the exports list all that match, on one page.
EVERY_PROJECT = 10**9


def publisher(site):
    """The open data settings of a site (created with empty values on first use)."""
    return OpenDataSettings.for_site(site)


def default_site():
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def live_projects():
    """Every project page visitors may see (the site's one live + public rule)."""
    return public_pages(ProjectPage.objects.all())


def _published_partner_links():
    return ProjectPartner.objects.filter(partner__live=True).select_related("partner").order_by("sort_order")


def _documents():
    return ProjectDocument.objects.select_related("document").order_by("sort_order")


def with_links(projects):
    """Attach each project's published partners and its documents, two queries for any number."""
    projects = list(projects)
    prefetch_related_objects(
        projects,
        Prefetch("partner_links", queryset=_published_partner_links()),
        Prefetch("documents", queryset=_documents()),
    )
    return projects


def iati_projects():
    """Every live public project with its program, published partners and documents, in tree order."""
    projects = live_projects().defer_streamfields().order_by("path")
    return project_selectors.attach_programs(with_links(projects))


# The listing's filters -----------------------------------------------------


def listing_filters(query):
    """The listing's filters parsed from a query string, and the options they were checked against."""
    options = project_selectors.filter_options()
    filters = ProjectFilters.from_query(query, options.program_slugs, options.countries)
    return filters, options


def listing_page(filters, options, page_number, per_page):
    """One page of the projects the listing shows for `filters`, with partners and documents."""
    listing = project_selectors.project_listing(filters, page_number, options, per_page=per_page)
    with_links(listing.page.object_list)
    return listing


def listing_projects(filters, options):
    """Every project the listing shows for `filters`, in the listing's order (for the exports)."""
    return listing_page(filters, options, 1, EVERY_PROJECT).page.object_list


# Programs and partners -----------------------------------------------------


def api_programs():
    """Live public programs in tree order, with their images' renditions."""
    return list(
        public_pages(ProgramPage.objects.all())
        .defer_streamfields()
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("path")
    )


def api_project(pk):
    """One live public project with its image renditions, partners and documents, or None."""
    project = (
        live_projects()
        .defer_streamfields()
        .select_related("hero_image")
        .prefetch_related("hero_image__renditions")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        return None
    return project_selectors.attach_programs(with_links([project]))[0]


def api_partners():
    """Published partners with logos and the ids of the live public projects they take part in."""
    links = ProjectPartner.objects.filter(page__in=live_projects().values("pk")).order_by("page__path")
    return (
        Partner.objects.filter(live=True)
        .select_related("logo")
        .prefetch_related("logo__renditions", Prefetch("project_links", queryset=links))
        .order_by("name", "pk")
    )
