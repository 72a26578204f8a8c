"""The page cache's storage: one site-wide generation, and rendered responses keyed by it.

Any change that pages may show moves the generation on, so every cached page (both languages,
listings, home, feeds, sitemap, search) is left behind at once: old entries are never read
again and expire on their own. The generation is the time of the last change, in nanoseconds,
which also gives every cached response an honest ``Last-Modified``.
"""

import datetime
import functools
import hashlib
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"

# The generation read once per request (by the page cache's lookup, or by the first row-cache
# read), so that a page built from several cached reads costs one round trip for it, and all
# of them agree on one generation. Outside a request every call asks the cache.
_request_scope = ContextVar("pagecache_request_scope", default=None)


@contextmanager
def request_scope():
    """Remember the generation for the length of one request (see PageCacheMiddleware).

    Rows remembered with ``after_render=True`` during the request are written when it ends.
    """
    scope = {}
    token = _request_scope.set(scope)
    try:
        yield
    finally:
        _request_scope.reset(token)
        if scope.get("after_render"):
            _cache().set_many(scope["after_render"], timeout=settings.ROWCACHE_SECONDS)


def _remember_generation(value):
    scope = _request_scope.get()
    if scope is not None:
        scope["generation"] = value
    return value


@functools.cache
def code_version():
    """A digest of the site's own code and templates, part of every key.

    Pages and rows are pickled by the code that wrote them: during a rolling deployment, old and
    new releases share the cache, and neither must read what the other kept (a new release's
    migrate also moves the generation on, see signals.py).
    """
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR).resolve()
    folders = {base / "templates"}
    folders.update(Path(app.path).resolve() for app in apps.get_app_configs())
    for folder in sorted(
        folder for folder in folders if folder.is_relative_to(base) and ".venv" not in folder.parts
    ):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html") and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _cache():
    return caches[settings.PAGECACHE_ALIAS]


def generation():
    """The current generation, created on first use; None when the cache cannot be reached."""
    scope = _request_scope.get()
    if scope is not None and "generation" in scope:
        return scope["generation"]
    return _remember_generation(_read_generation())


def _read_generation():
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
    value = max(time.time_ns(), previous + 1)
    cache.set(GENERATION_KEY, value, timeout=None)
    if _request_scope.get() is not None:
        _remember_generation(value)  # this request's later reads see its own change


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


def page_key(request):
    """The key of one representation: day, language, coding, full URL, sorted query.

    The day is part of the key because listings split current and past projects by today's
    date; the query string is sorted so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry. The
    generation is not: it is stored inside the entry, so a page rendered again after a change
    replaces its old entry instead of leaving it behind.
    """
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    language = translation.get_language_from_request(request, check_path=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    variant = f"{datetime.date.today().isoformat()}|{language}|{accepted_encoding(request)}|{url}"
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"pagecache:page:{code_version()}:{digest}"


def lookup(request):
    """The request's key, the current generation and its cached response (or None), in one read.

    The generation and the entry come back from one round trip to the cache (MGET on Redis):
    the entry is used only if it was stored under the current generation.
    """
    key = page_key(request)
    values = _cache().get_many([GENERATION_KEY, key])
    generation_value = values.get(GENERATION_KEY)
    if generation_value is None:  # first use, or the cache cannot be reached
        return key, generation(), None
    _remember_generation(generation_value)
    entry = values.get(key)
    if entry is None or entry[0] != generation_value:
        return key, generation_value, None
    _generation, status, headers, content = entry
    response = HttpResponse(content, status=status)
    # The headers as they were stored: already checked and encoded when the page was rendered.
    response.headers._store = headers
    return key, generation_value, response


def save(key, generation_value, response):
    """Keep a response under key, for the generation the request began with.

    A change during rendering has moved the generation on already: the entry is then never
    used, because its generation is not the current one.
    """
    _cache().set(
        key,
        (generation_value, response.status_code, dict(response.headers._store), response.content),
        timeout=settings.PAGECACHE_SECONDS,
    )


# Rows and counts behind the pages ------------------------------------------------------


def rows_cache_enabled():
    return settings.ROWCACHE_SECONDS > 0


def remember(name, parts, compute, *, after_render=False):
    """What compute() returns, kept under the current generation and day until either moves on.

    For the rows and counts pages are built from (the listing's facet counts, which projects a
    page of the listing shows): a page the page cache does not hold (another filter, a visitor
    with a session, the first one after a publication elsewhere) still skips the reads that grow
    with the number of projects. Every change the page cache is invalidated for leaves these
    behind too; the day is part of the key because a project becomes past on a date. Computed
    every time when ROWCACHE_SECONDS is 0 or the cache cannot be reached.

    after_render=True, for rows holding images whose renditions were prefetched: the page then
    draws the renditions it lacks (a new image, a new size) and Wagtail adds them to those
    images, so the rows are written when the request ends, renditions included. Written at
    once, they would leave every later page without them, drawing the images again each time.
    Only for rows the page adds nothing personal to (images, partners, settings).
    """
    # One entry per name and parts, the generation and day stored inside it: a new generation
    # overwrites the entry instead of adding one (the IATI file alone is megabytes).
    return remember_each(name, parts, [""], lambda _missing: {"": compute()}, after_render=after_render)[""]


def remember_each(name, parts, items, compute, *, after_render=False):
    """{item: value} for `items`, each under an entry of its own, its generation and day inside.

    For what many pages share item by item (a project's card appears on the home page, the
    listing and other projects' pages): one read for all the items, then compute(missing) for
    those not kept, which must return {item: value} for each of them (None is kept too).
    after_render: as for remember().
    """
    items = list(items)
    generation_value = generation() if rows_cache_enabled() else None
    if generation_value is None:
        return compute(items)
    prefix = hashlib.sha256(repr(parts).encode()).hexdigest()
    keys = {item: f"pagecache:rows:{code_version()}:{name}:{prefix}:{item}" for item in items}
    stamp = (generation_value, datetime.date.today().isoformat())
    cache = _cache()
    found = cache.get_many(list(keys.values()))
    values = {}
    for item, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            values[item] = entry[1]
    missing = [item for item in items if item not in values]
    if missing:
        fresh = compute(missing)
        entries = {keys[item]: (stamp, fresh[item]) for item in missing}
        scope = _request_scope.get()
        if after_render and scope is not None:
            scope.setdefault("after_render", {}).update(entries)
        else:
            cache.set_many(entries, timeout=settings.ROWCACHE_SECONDS)
        values.update(fresh)
    return values
