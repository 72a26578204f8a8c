"""Cache-Control for nginx's page cache (or a CDN): who may keep an answer, and for how long.

Public answers get `public, max-age=0, s-maxage=EDGE_CACHE_SECONDS`, private ones Django's
never-cache headers, anything else is left as it is: the table is in docs/caching.md.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, cc_delim_re, patch_cache_control

SHAREABLE_VARY = {"", "cookie", "accept-encoding"}


def is_private(request, response):
    user = getattr(request, "user", None)
    return bool(
        request.path.startswith(settings.EDGE_CACHE_PRIVATE_PATHS)
        or getattr(request, "is_preview", False)
        or (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or request.META.get("CSRF_COOKIE_USED")
        or response.cookies
    )


def is_shareable(request, response):
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.has_header("Cache-Control")
        and vary <= SHAREABLE_VARY
    )


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            # Whatever a view said (a public max-age…) gives way to Django's "never cache".
            del response["Cache-Control"]
            add_never_cache_headers(response)
            return response
        # A view's Last-Modified (the sitemap's: its newest page) misses removals and the date:
        # revalidation goes by the ETag of the body alone.
        del response["Last-Modified"]
        if is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.EDGE_CACHE_SECONDS)
        return response
