"""The site's own 404 page during development (TECHNICAL_404=1 brings Django's technical one back).

With DEBUG on, Django answers a missing page with its technical 404; the development settings
add this middleware so that `make run` shows the page visitors get, as production does.
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
