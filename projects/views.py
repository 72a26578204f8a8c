"""Views that are not Wagtail pages: site search and the projects feed."""

from django.http import HttpResponse
from django.template.response import TemplateResponse

from . import selectors


def search(request):
    """/<lang>/search/?q=…: programs, projects and partners, in the visitor's language."""
    results = selectors.search(request.GET.get("q"), request.GET.get("page"))
    return TemplateResponse(request, "projects/search_results.html", {"results": results})


def robots_txt(request):
    """Robots may crawl everything public; the sitemap lists both languages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /fr/search/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
