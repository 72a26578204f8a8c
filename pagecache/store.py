"""The page cache's storage: one site-wide generation, and rendered responses keyed by it.

Any change that pages may show moves the generation on, so every cached page (both languages,
listings, home, feeds, sitemap, search) is left behind at once: old entries are never read
again and expire on their own. The generation is the time of the last change, in nanoseconds,
which also gives every cached response an honest ``Last-Modified``.
"""

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def _cache():
    return caches[settings.PAGECACHE_ALIAS]


def generation():
    """The current generation, created on first use; None when the cache cannot be reached."""
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add() only writes when the key is absent, so concurrent first requests agree.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump():
    """Leave every cached page behind (called after any change that pages show)."""
    cache = _cache()
    previous = cache.get(GENERATION_KEY) or 0
    # Strictly increasing even if two servers' clocks disagree a little.
    cache.set(GENERATION_KEY, max(time.time_ns(), previous + 1), timeout=None)


def last_modified(value):
    """The time of the last change, as a Unix timestamp, from a generation."""
    return value // 1_000_000_000


def accepted_encoding(request):
    """The best content coding the client accepts among brotli and gzip ("identity" if neither)."""
    accepted = set()
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _sep, params = item.strip().partition(";")
        params = params.replace(" ", "")
        if params.startswith("q=") and params[2:].strip("0.") == "":
            continue  # q=0 means "not this one"
        accepted.add(name.strip().lower())
    for coding in ("br", "gzip"):
        if coding in accepted:
            return coding
    return "identity"


def page_key(request, generation_value):
    """The key of one representation: generation, day, language, coding, full URL, sorted query.

    The day is part of the key because listings split current and past projects by today's
    date; the query string is sorted so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry.
    """
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    language = translation.get_language_from_request(request, check_path=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    variant = f"{datetime.date.today().isoformat()}|{language}|{accepted_encoding(request)}|{url}"
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"pagecache:page:{generation_value}:{digest}"


def load(key):
    """The cached response stored under key, rebuilt, or None."""
    entry = _cache().get(key)
    if entry is None:
        return None
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def save(key, response):
    _cache().set(
        key,
        (response.status_code, list(response.headers.items()), response.content),
        timeout=settings.PAGECACHE_SECONDS,
    )


# Rows and counts behind the pages ------------------------------------------------------


def rows_cache_enabled():
    return settings.ROWCACHE_SECONDS > 0


def remember(name, parts, compute):
    """What compute() returns, kept under the current generation and day until either moves on.

    For the rows and counts pages are built from (the listing's facet counts, which projects a
    page of the listing shows): a page the page cache does not hold (another filter, a visitor
    with a session, the first one after a publication elsewhere) still skips the reads that grow
    with the number of projects. Every change the page cache is invalidated for leaves these
    behind too; the day is part of the key because a project becomes past on a date. Computed
    every time when ROWCACHE_SECONDS is 0 or the cache cannot be reached.
    """
    if not rows_cache_enabled():
        return compute()
    generation_value = generation()
    if generation_value is None:
        return compute()
    # One entry per name and parts, the generation and day stored inside it: a new generation
    # overwrites the entry instead of adding one (the IATI file alone is megabytes).
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"pagecache:rows:{name}:{digest}"
    stamp = (generation_value, datetime.date.today().isoformat())
    cache = _cache()
    entry = cache.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    value = compute()
    cache.set(key, (stamp, value), timeout=settings.ROWCACHE_SECONDS)
    return value
