"""The site's own 404 page during development.

With DEBUG on, Django answers a missing page with its technical 404 (the URL patterns tried),
so `make run` never showed the page visitors get. The development settings add this
middleware, which answers Http404 with the site's 404 template, as production does; set
TECHNICAL_404=1 in the environment to see Django's page again while debugging URL routing.
"""

from django.http import Http404
from django.views.defaults import page_not_found


class SiteNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
