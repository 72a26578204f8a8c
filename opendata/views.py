"""The IATI file, the open data page and the listing's spreadsheet downloads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from pagecache import store

from . import exports, iati, selectors
from .api import request_site


def site_base_url(request):
    return request.build_absolute_uri("/")


@require_safe
def iati_activities(request):
    """The IATI 2.03 activity file; 404 with the reason while it cannot be published.

    Built once per publication (pagecache.store.remember): it describes every project, and
    every change it shows (a page published, a partner or the open data settings saved) moves
    the generation on. The page cache alone would build it again for each language and coding
    a client asks for, and for every visitor with a session.
    """
    site = request_site(request)
    base_url = site_base_url(request)

    def build():
        publisher = selectors.publisher(site)
        root = iati.build_activities(selectors.iati_projects(), publisher, base_url, request=request)
        return iati.to_bytes(root)

    try:
        # The reason it cannot be published is not remembered: it is in the visitor's language.
        content = store.remember("iati-activities", (site.pk, base_url), build)
    except iati.NotPublishable as reason:
        return HttpResponse(str(reason), status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@require_safe
def open_data(request):
    """What the site publishes as open data, under which licence, and where."""
    publisher = selectors.publisher(request_site(request))
    return render(
        request,
        "opendata/open_data.html",
        {
            "publisher": publisher,
            "iati_published": not publisher.iati_missing(),
            "iati_url": request.build_absolute_uri(reverse("opendata_iati_activities")),
            "api_url": request.build_absolute_uri(reverse("opendata_api_root")),
        },
    )


def _download(request, content, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    filename = f"projects-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request, name, write):
    """An export's bytes for these filters, in the page's language, built once per publication."""
    listing = selectors.listing(request.GET)

    def build():
        return write(selectors.listing_projects(listing), request)

    # The filters as the listing understood them (unknown values dropped), the language of the
    # headings and texts, and the address the page links are made absolute with.
    parts = (sorted(listing.filters.active.items()), translation.get_language(), site_base_url(request))
    return store.remember(name, parts, build)


@require_safe
def projects_csv(request):
    """Exactly the projects the listing shows for these filters, in the page's language."""
    content = _export(request, "export-csv", exports.to_csv)
    return _download(request, content, "text/csv; charset=utf-8", "csv")


@require_safe
def projects_xlsx(request):
    return _download(
        request,
        _export(request, "export-xlsx", exports.to_xlsx),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
