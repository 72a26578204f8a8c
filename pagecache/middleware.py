"""HTTP caching of public pages: a shared page cache, cache headers and compression.

Order in ``MIDDLEWARE`` (outermost first)::

    RequestLogMiddleware       logs every answer, cached ones included
    PageCacheMiddleware        serves and stores whole anonymous responses, sets Cache-Control,
                               answers 304 to cached and fresh responses alike
    … security headers, CSP, WhiteNoise …
    CompressionMiddleware      brotli or gzip; the cache keeps the compressed bytes per coding
    … sessions, locale, CSRF, authentication …

The page cache sits above the security headers so that it stores responses as they leave the
site, headers included, and answers a cached page without running the rest of the stack: a
cached page then costs about what a static file costs (one read from the cache).

A request is served from (and stored in) the cache only when nothing in it or its answer is
personal: a GET outside the admin and documents, without a session cookie or credentials,
answered 200 without setting a cookie, without a CSRF token, not a preview, and not marked
private by the view. Password-protected pages never qualify: their form sets the CSRF cookie,
and once unlocked they are seen only with a session.
"""

import logging

import brotli
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from . import store

logger = logging.getLogger(__name__)

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)
NOT_SHARED = {"private", "no-store", "no-cache"}


def _has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def _is_excluded_path(request):
    return request.path.startswith(tuple(settings.PAGECACHE_EXCLUDED_PATHS))


def is_personal_request(request):
    """The admin, or someone logged in (or holding a session): never shared, never stored."""
    if request.path.startswith(tuple(settings.PAGECACHE_PRIVATE_PATHS)):
        return True
    if _has_session(request):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def carries_secrets(request, response):
    """Whether the response holds anything personal (a CSRF token, a cookie, a user's page)."""
    return bool(
        is_personal_request(request)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.cookies
        or getattr(request, "is_preview", False)
    )


def is_shareable(request, response):
    """A response any visitor may receive: the only kind the cache stores."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if carries_secrets(request, response):
        return False
    cache_control = cc_delim_re.split(response.get("Cache-Control", ""))
    directives = {directive.split("=")[0].strip().lower() for directive in cache_control}
    if directives & NOT_SHARED:
        return False
    return "*" not in response.get("Vary", "")


def _is_conditional(request):
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def is_cacheable_request(request):
    return (
        settings.PAGECACHE_SECONDS > 0
        and request.method == "GET"
        and not _is_excluded_path(request)
        and not _has_session(request)
        and len(request.META.get("QUERY_STRING", "")) <= settings.PAGECACHE_MAX_QUERY_LENGTH
    )


class PageCacheMiddleware:
    """Serve anonymous GETs from the shared cache; mark every response public or private."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's conditional GET (ETag, Last-Modified → 304), applied to what this returns:
        # cached pages never reach the middleware below.
        self.conditional = ConditionalGetMiddleware(get_response)
        self.passthrough = (settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        if request.path.startswith(self.passthrough):
            return self.get_response(request)  # files: WhiteNoise and nginx set their own headers
        with store.request_scope(request):
            response = self.respond(request)
        if response.get("X-Page-Cache") == "hit" and not _is_conditional(request):
            return response  # stored with its ETag: nothing to compare it with
        return self.conditional.process_response(request, response)

    def respond(self, request):
        key = generation = None
        cacheable = is_cacheable_request(request)
        if cacheable:
            key, generation, cached = store.lookup(request)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return cached
            if generation is None:  # the cache is unreachable: serve from the database
                key = None

        response = self.get_response(request)

        if is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=settings.PAGECACHE_MAX_AGE)
            if not cacheable:
                generation = store.generation()  # not stored, but its date still counts
            if generation is not None:
                response["Last-Modified"] = http_date(store.last_modified(generation))
            if key is not None:
                if not response.has_header("ETag"):
                    set_response_etag(response)  # as ConditionalGetMiddleware would, once
                store.save(key, generation, response)
                response["X-Page-Cache"] = "miss"
        elif is_personal_request(request) or carries_secrets(request, response):
            patch_cache_control(response, private=True, no_store=True)
            # A max-age left by the view would contradict no-store.
            patch_cache_control(response, max_age=0)
        return response


class CompressionMiddleware(GZipMiddleware):
    """Brotli where offered, gzip otherwise, for text responses; an ETag from the plain bytes.

    BREACH needs a secret in the compressed body next to text an attacker controls. Public
    pages carry no secret, so they get brotli (smallest) or gzip. Responses that carry one
    (admin forms with CSRF tokens, anything for a logged-in user) get only gzip, with Django's
    random-length padding that defeats the length measurement BREACH relies on.
    """

    brotli_quality = 5  # close to gzip's speed, still smaller; cached pages are compressed once

    def process_response(self, request, response):
        if response.streaming or response.has_header("Content-Encoding"):
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES) or len(response.content) < 200:
            return response
        if response.status_code == 200 and not response.has_header("ETag"):
            # Computed before compression, so every coding of the page shares one (weak) ETag.
            set_response_etag(response)
        if store.accepted_encoding(request) != "br" or carries_secrets(request, response):
            return super().process_response(request, response)

        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli.compress(response.content, quality=self.brotli_quality)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response
