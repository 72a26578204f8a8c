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
def request_scope(request=None):
    """Remember the generation for the length of one request (see PageCacheMiddleware).

    Rows remembered with ``after_render=True`` during the request are written when it ends.
    Given the request, the rows its URL read the last time are fetched in one round trip with
    the generation, and the list of those it read is kept for the next time (see _manifest_key).
    """
    scope = {}
    if request is not None and _has_manifest(request):
        scope["manifest"] = _manifest_key(request)
    token = _request_scope.set(scope)
    try:
        yield
    finally:
        _request_scope.reset(token)
        writes = dict(scope.get("after_render", {}))
        read = scope.get("read")
        if read and read != scope.get("listed"):
            writes[scope["manifest"]] = sorted(read)
        if writes:
            _cache().set_many(writes, timeout=settings.ROWCACHE_SECONDS)


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
    if scope is not None and "manifest" in scope:
        # The generation and the list of rows this URL read, in one round trip.
        values = _cache().get_many([GENERATION_KEY, scope["manifest"]])
        if values.get(GENERATION_KEY) is not None:
            _prefetch(scope, values.get(scope["manifest"]))
            return _remember_generation(values[GENERATION_KEY])
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


def _url_variant(request):
    # The query string is sorted so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry.
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    language = translation.get_language_from_request(request, check_path=True)
    return f"{language}|{request.scheme}://{request.get_host()}{request.path}?{query}"


def page_key(request):
    """The key of one representation: day, language, coding, full URL, sorted query.

    The day is part of the key because listings split current and past projects by today's
    date. The generation is not: it is stored inside the entry, so a page rendered again after
    a change replaces its old entry instead of leaving it behind.
    """
    variant = f"{datetime.date.today().isoformat()}|{accepted_encoding(request)}|{_url_variant(request)}"
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"pagecache:page:{code_version()}:{digest}"


def _has_manifest(request):
    # Public pages only, as for the page cache: the admin's URLs are not worth a list each.
    return (
        rows_cache_enabled()
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(tuple(settings.PAGECACHE_EXCLUDED_PATHS))
        and len(request.META.get("QUERY_STRING", "")) <= settings.PAGECACHE_MAX_QUERY_LENGTH
    )


def _manifest_key(request):
    """Where the keys of the rows a URL read are listed, so the next request fetches them at once.

    A page reads a dozen rows (the site, the route, the organisation, the menu, each card…):
    one round trip each would cost more than reading them. The list is only a hint: it names
    keys, not values, so it outlives changes (each row still carries its generation), and a
    row the page no longer reads is fetched for nothing until the list is written again.
    """
    digest = hashlib.sha256(_url_variant(request).encode()).hexdigest()
    return f"pagecache:manifest:{code_version()}:{digest}"


def _prefetch(scope, listed):
    """Fetch the rows a URL read last time (one round trip), for remember_each to find."""
    if not listed:
        return
    scope["listed"] = set(listed)
    scope["prefetched"] = _cache().get_many(listed)


def lookup(request):
    """The request's key, the current generation and its cached response (or None), in one read.

    The generation and the entry come back from one round trip to the cache (MGET on Redis):
    the entry is used only if it was stored under the current generation.
    """
    key = page_key(request)
    scope = _request_scope.get() or {}
    manifest = scope.get("manifest")
    values = _cache().get_many([GENERATION_KEY, key, *([manifest] if manifest else [])])
    generation_value = values.get(GENERATION_KEY)
    if generation_value is None:  # first use, or the cache cannot be reached
        return key, generation(), None
    _remember_generation(generation_value)
    entry = values.get(key)
    if entry is None or entry[0] != generation_value:
        if manifest:  # the page is rendered: its rows, in one more round trip
            _prefetch(scope, values.get(manifest))
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
    scope = _request_scope.get()
    found = {}
    wanted = list(keys.values())
    if scope is not None and "manifest" in scope:
        scope.setdefault("read", set()).update(wanted)
        # Rows fetched with the generation: each used once, as a read of its own would be.
        prefetched = scope.get("prefetched", {})
        found = {key: prefetched.pop(key) for key in wanted if key in prefetched}
        wanted = [key for key in wanted if key not in found]
    if wanted:
        found.update(cache.get_many(wanted))
    values = {}
    for item, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            values[item] = entry[1]
    missing = [item for item in items if item not in values]
    if missing:
        fresh = compute(missing)
        entries = {keys[item]: (stamp, fresh[item]) for item in missing}
        if after_render and scope is not None:
            scope.setdefault("after_render", {}).update(entries)
        else:
            cache.set_many(entries, timeout=settings.ROWCACHE_SECONDS)
        values.update(fresh)
    return values
