"""The IATI file, the open data page and the listing's spreadsheet downloads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import exports, iati, selectors
from .models import OpenDataSettings


def open_to_every_origin(response):
    """The same CORS header as the API: open data may be read by a page on any site."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def iati_activities(request):
    """The IATI 2.03 activity file; 404 with the reason while it cannot be published."""
    publisher = OpenDataSettings.for_request(request)
    base_url = request.build_absolute_uri("/")
    try:
        root = iati.build_activities(selectors.iati_projects(), publisher, base_url, request=request)
    except iati.NotPublishable as reason:
        response = HttpResponse(str(reason), status=404, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(iati.to_bytes(root), content_type="application/xml; charset=utf-8")
    return open_to_every_origin(response)


@require_safe
def open_data(request):
    """What the site publishes as open data, under which licence, and where."""
    publisher = OpenDataSettings.for_request(request)
    coverage = selectors.iati_coverage()
    return render(
        request,
        "opendata/open_data.html",
        {
            "publisher": publisher,
            "iati_published": not publisher.iati_missing() and coverage["included"] > 0,
            "iati_coverage": coverage,
            # Read by the <head> (seo_tags): its canonical URL, social cards and description.
            "meta_title": _("Open data"),
            "meta_description": _(
                "The projects published on this site as open data: an IATI activity file, "
                "a JSON API and spreadsheets."
            ),
            "iati_url": request.build_absolute_uri(reverse("opendata_iati_activities")),
            "api_url": request.build_absolute_uri(reverse("opendata_api_root")),
        },
    )


def _download(request, write, content_type, extension):
    """Exactly the projects the listing shows for these filters, in the page's language."""
    projects = selectors.listing_page(selectors.listing(request.GET)).object_list
    response = HttpResponse(write(projects, request), content_type=content_type)
    filename = f"projects-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return open_to_every_origin(response)


@require_safe
def projects_csv(request):
    return _download(request, exports.to_csv, "text/csv; charset=utf-8", "csv")


@require_safe
def projects_xlsx(request):
    return _download(
        request, exports.to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    )
