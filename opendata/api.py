"""A small read-only JSON API over the published portfolio: programs, projects and partners.

Every response carries both languages (`{"fr": …, "en": …}`; null where a text is not
translated yet), absolute URLs of both language versions, image renditions and documents.
Errors are JSON with a 4xx status and a message in the reader's language.
"""

import functools

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_countries.fields import Country

from portfolio.languages import language_codes
from projects.filters import FILTER_NAMES, STATUSES

from . import selectors
from .iati import activity_identifier, month_text, page_urls, texts
from .models import OpenDataSettings
from .sectors import dac_sectors

LANGUAGES = language_codes()
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_ID = 2**63 - 1
PROJECT_RENDITIONS = ("fill-320x180", "fill-640x360", "fill-960x540")
PROGRAM_RENDITIONS = ("fill-480x270", "fill-720x405")
LOGO_RENDITIONS = ("max-160x80",)


class ApiError(Exception):
    def __init__(self, status, message, **details):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2})


def api_view(view):
    """GET (and HEAD) only; every error a JSON body with its 4xx status."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if request.method not in ("GET", "HEAD"):
                raise ApiError(405, _("This API is read-only: use GET."))
            response = _json(view(request, *args, **kwargs))
        except ApiError as error:
            response = _json(
                {"error": {"status": error.status, "message": error.message, **error.details}},
                status=error.status,
            )
            if error.status == 405:
                response["Allow"] = "GET, HEAD"
            if error.status == 404:
                # LocaleMiddleware turns a 404 outside /fr/ and /en/ into a redirect to the same
                # path under a language prefix (where Wagtail's catch-all would answer). Judged
                # against the API's own URLs, which have no language prefix, the 404 stays a 404.
                request.urlconf = "opendata.urls"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    # A read-only API has no session to protect: POST, PUT and DELETE get the JSON 405 above,
    # not the CSRF middleware's HTML 403.
    return csrf_exempt(wrapper)


def _translated(obj, field):
    values = texts(obj, field)
    return {code: values.get(code) for code in LANGUAGES}


def _link(request, name):
    return request.build_absolute_uri(reverse(name))


def _urls(page, request):
    urls = page_urls(page, request, request.build_absolute_uri("/"))
    return {code: urls.get(code) for code in LANGUAGES}


def _renditions(image, specs, request):
    if image is None:
        return None
    return {
        spec: {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
        for spec, rendition in image.get_renditions(*specs).items()
    }


def _country(code):
    names = {}
    for language in LANGUAGES:
        with translation.override(language):
            names[language] = str(Country(code).name)
    return {"code": code, "name": names}


def _positive_int(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum and value > maximum):
        if maximum:
            message = _("“%(name)s” must be a whole number from 1 to %(maximum)s.")
        else:
            message = _("“%(name)s” must be a whole number from 1.")
        raise ApiError(400, message % {"name": name, "maximum": maximum}, parameter=name)
    return value


def _page_asked(request):
    """The page number and page size of the query string."""
    return (
        _positive_int(request, "page", 1),
        _positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def _paged(request, number, page):
    """The count, the page's place among the pages and links to its neighbours; 404 past the last."""
    pages = page.paginator.num_pages
    if number > pages:
        raise ApiError(
            404,
            _("There is no page %(number)s: the last one is %(pages)s.") % {"number": number, "pages": pages},
            parameter="page",
        )

    def link(page_number):
        query = request.GET.copy()
        query["page"] = page_number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": page.paginator.count,
        "page": number,
        "pages": pages,
        "page_size": page.paginator.per_page,
        "next": link(number + 1) if number < pages else None,
        "previous": link(number - 1) if number > 1 else None,
    }


# Serialisers ----------------------------------------------------------------


def program_data(program, request):
    code = program.dac_sector
    return {
        "id": program.pk,
        "key": str(program.translation_key),
        "title": _translated(program, "title"),
        "slug": _translated(program, "slug"),
        "introduction": _translated(program, "introduction"),
        "dac_sector": {"code": code, "name": dac_sectors().get(code)} if code else None,
        "url": _urls(program, request),
        "image": _renditions(program.image, PROGRAM_RENDITIONS, request),
        "projects": _link(request, "opendata_api_projects") + f"?program={program.slug_fr or program.slug}",
    }


def project_data(project, request, publisher):
    program = getattr(project, "program", None)
    return {
        "id": project.pk,
        "key": str(project.translation_key),
        "iati_identifier": activity_identifier(publisher, project) if publisher.iati_identifier else None,
        "acronym": project.acronym or None,
        "title": _translated(project, "title"),
        "subtitle": _translated(project, "subtitle"),
        "summary": _translated(project, "summary"),
        "places": _translated(project, "places"),
        "program": {"id": program.pk, "title": _translated(program, "title")} if program else None,
        "countries": [_country(country.code) for country in project.countries],
        "start": month_text(project.start_year, project.start_month),
        "end": month_text(project.end_year, project.end_month),
        "status": "archived" if project.is_archived else "current",
        "url": _urls(project, request),
        "image": _renditions(project.hero_image, PROJECT_RENDITIONS, request),
        "partners": [
            {"id": link.partner_id, "name": _translated(link.partner, "name"), "role": link.role}
            for link in project.partner_links.all()
        ],
        "documents": [
            {
                "title": _translated(document, "title"),
                "document_title": document.document.title,
                "language": document.language,
                "url": request.build_absolute_uri(document.document.url),
                "file_extension": document.document.file_extension,
            }
            for document in project.documents.all()
        ],
        "last_published_at": project.last_published_at.isoformat() if project.last_published_at else None,
    }


def partner_data(partner, request):
    descriptions = _translated(partner, "description")
    return {
        "id": partner.pk,
        "name": _translated(partner, "name"),
        "acronym": partner.acronym or None,
        "country": _country(partner.country.code) if partner.country else None,
        "website": partner.website or None,
        "description": {code: text and strip_tags(text) for code, text in descriptions.items()},
        "logo": _renditions(partner.logo, LOGO_RENDITIONS, request),
        "projects": [link.page_id for link in partner.project_links.all()],
    }


# Views ----------------------------------------------------------------------


@api_view
def root(request):
    """Where everything is, and under which licence."""
    publisher = OpenDataSettings.for_request(request)
    documentation = {}
    for code in LANGUAGES:
        with translation.override(code):
            documentation[code] = _link(request, "opendata_open_data")
    return {
        "programs": _link(request, "opendata_api_programs"),
        "projects": _link(request, "opendata_api_projects"),
        "partners": _link(request, "opendata_api_partners"),
        "iati_activities": None if publisher.iati_missing() else _link(request, "opendata_iati_activities"),
        "licence": {"name": str(publisher.licence_name), "url": publisher.licence_url}
        if publisher.licence
        else None,
        "documentation": documentation,
        "filters": {
            "program": _("program slug, in either language"),
            "country": "ISO 3166-1 alpha-2",
            "status": list(STATUSES),
        },
    }


@api_view
def programs(request):
    items = selectors.api_programs()
    return {"count": len(items), "results": [program_data(program, request) for program in items]}


@api_view
def projects(request):
    number, page_size = _page_asked(request)
    listing = selectors.listing(request.GET, page_size, number)
    filters, options = listing.filters, listing.options
    if filters.rejected:
        names = [name for name in FILTER_NAMES if name in filters.rejected]
        raise ApiError(
            400,
            _("Unknown value for the filter(s): %(names)s.") % {"names": ", ".join(names)},
            parameters=names,
            allowed={
                "program": sorted(options.program_slugs),
                "country": list(options.countries),
                "status": list(STATUSES),
            },
        )
    page = selectors.listing_page(listing)
    paged = _paged(request, number, page)
    publisher = OpenDataSettings.for_request(request)
    results = [project_data(project, request, publisher) for project in page.object_list]
    return {**paged, "filters": filters.active, "results": results}


@api_view
def project(request, pk):
    # SQLite cannot even compare an id past 64 bits: no page has one.
    item = selectors.api_project(pk) if pk <= MAX_ID else None
    if item is None:
        raise ApiError(404, _("No published project has this id."))
    return project_data(item, request, OpenDataSettings.for_request(request))


@api_view
def partners(request):
    number, page_size = _page_asked(request)
    page = Paginator(selectors.api_partners(), page_size).get_page(number)
    paged = _paged(request, number, page)
    return {**paged, "results": [partner_data(partner, request) for partner in page.object_list]}
