"""Reads behind the open data: the IATI file, the JSON API and the spreadsheet exports.

Only live, public pages and published partners are ever read. The projects listing itself
(projects.listing.ProjectListing) is reused, so the API and the exports always show exactly
what the listing shows.
"""

from django.db.models import Prefetch, prefetch_related_objects

from partners.models import Partner
from projects.listing import ProjectListing
from projects.models import ProgramPage, ProjectDocument, ProjectPage, ProjectPartner, attach_programs

from . import iati

# Large enough for every project at once: the exports list all that match, on one page.
EVERY_PROJECT = 10**9


def with_links(projects):
    """Attach each project's published partners and its documents, two queries for any number."""
    projects = list(projects)
    partner_links = ProjectPartner.objects.filter(partner__live=True).select_related("partner")
    prefetch_related_objects(
        projects,
        Prefetch("partner_links", queryset=partner_links.order_by("sort_order")),
        Prefetch(
            "documents", queryset=ProjectDocument.objects.select_related("document").order_by("sort_order")
        ),
    )
    return projects


def iati_projects():
    """Every live public project with its program, published partners and documents, in tree order."""
    return attach_programs(with_links(ProjectPage.objects.visible().defer_streamfields().order_by("path")))


def iati_coverage():
    """How many live public projects the IATI file describes, and what keeps the others out."""
    fields = ("countries", "recipient_region", "start_year", "start_month", "planned_start_date")
    projects = ProjectPage.objects.visible().only(*fields, "actual_start_date", "path")
    return iati.coverage(attach_programs(projects))


def listing(query, per_page=EVERY_PROJECT, page_number=1):
    """The projects listing for a query string (its filters, counts and pages), as the site shows it."""
    return ProjectListing(query, ProjectPage.objects, ProgramPage.objects, per_page, page_number)


def listing_page(listing):
    """The listing's page of projects, with their partners and documents."""
    with_links(listing.page.object_list)
    return listing.page


def api_programs():
    """Live public programs in tree order, with their images' renditions."""
    programs = ProgramPage.objects.visible().defer_streamfields().select_related("image")
    return list(programs.prefetch_related("image__renditions").order_by("path"))


def api_project(pk):
    """One live public project with its image renditions, partners and documents, or None."""
    projects = ProjectPage.objects.visible().defer_streamfields().select_related("hero_image")
    project = projects.prefetch_related("hero_image__renditions").filter(pk=pk).first()
    return attach_programs(with_links([project]))[0] if project else None


def api_partners():
    """Published partners with logos and the ids of the live public projects they take part in."""
    links = ProjectPartner.objects.filter(page__in=ProjectPage.objects.visible().values("pk"))
    return (
        Partner.objects.filter(live=True)
        .select_related("logo")
        .prefetch_related(
            "logo__renditions", Prefetch("project_links", queryset=links.order_by("page__path"))
        )
        .order_by("name", "pk")
    )
