"""Reads behind the open data: the IATI file, the JSON API and the spreadsheet exports.

Only live, public pages and published partners are ever read. The projects listing itself
(projects.listing.ProjectListing) is reused, so the API and the exports always show exactly
what the listing shows.
"""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.models import Site

from partners.models import Partner
from projects.listing import ProjectListing
from projects.models import ProgramPage, ProjectDocument, ProjectPage, ProjectPartner, attach_programs

from . import iati
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
    return ProjectPage.objects.visible()


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
    return attach_programs(with_links(projects))


def iati_coverage():
    """How many live public projects the IATI file describes, and what keeps the others out."""
    fields = (
        "countries",
        "recipient_region",
        "start_year",
        "start_month",
        "planned_start_date",
        "actual_start_date",
        "path",
    )
    return iati.coverage(attach_programs(live_projects().only(*fields)))


# The listing ---------------------------------------------------------------


def listing(query, per_page=EVERY_PROJECT, page_number=1):
    """The projects listing for a query string (its filters, counts and pages), as the site shows it."""
    return ProjectListing(query, ProjectPage.objects, ProgramPage.objects, per_page, page_number)


def listing_page(listing):
    """The listing's page of projects, with their partners and documents."""
    with_links(listing.page.object_list)
    return listing.page


def listing_projects(listing):
    """Every project the listing shows (read with EVERY_PROJECT per page), for the exports."""
    return listing_page(listing).object_list


# Programs and partners -----------------------------------------------------


def api_programs():
    """Live public programs in tree order, with their images' renditions."""
    return list(
        ProgramPage.objects.visible()
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
    return attach_programs(with_links([project]))[0]


def api_partners():
    """Published partners with logos and the ids of the live public projects they take part in."""
    links = ProjectPartner.objects.filter(page__in=live_projects().values("pk")).order_by("page__path")
    return (
        Partner.objects.filter(live=True)
        .select_related("logo")
        .prefetch_related("logo__renditions", Prefetch("project_links", queryset=links))
        .order_by("name", "pk")
    )
