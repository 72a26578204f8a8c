"""Cache-Control for nginx's page cache (or a CDN): who may keep an answer, and for how long.

Public answers: `public, max-age=0, s-maxage=EDGE_CACHE_SECONDS`. A shared cache keeps them that
long (and Wagtail's frontend cache purges changed pages sooner, see projects/frontend_cache.py);
browsers revalidate every time, with the ETag Django's ConditionalGetMiddleware takes from the
body, which holds everything the page shows, today's date included; a view's Last-Modified is
dropped from every answer that is not private.

Private answers: `private, no-store` (Django's never-cache headers) for the admin (previews,
drafts and old revisions are all there), documents (Wagtail's view checks each download),
signed-in users, anyone holding a session, responses that set a cookie or carry a CSRF
token. Wagtail's password-protected pages are among them: their form carries a token, and once
unlocked they are seen with a session; login-restricted pages are seen only signed in.

Anything else (redirects, errors, answers that vary on more than the cookie and the encoding,
views that chose their own Cache-Control) is left as it is, and nginx does not keep it.
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
            # Whatever a view said (a public max-age…), replaced by Django's "never cache":
            # max-age=0, no-cache, no-store, must-revalidate, private.
            del response["Cache-Control"]
            add_never_cache_headers(response)
            return response
        # A view's Last-Modified (the sitemap's: its newest page) misses removals and the date:
        # revalidation goes by the ETag of the body alone.
        del response["Last-Modified"]
        if is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.EDGE_CACHE_SECONDS)
        return response
