"""Server time of the main pages rendered (cold) and from the page cache (cached); print figures.

Run after `make demo`:  .venv/bin/python benchmarks/page_cache.py [repetitions]
"Cold" moves the cache generation on before each request, as a publication would, so the page
is rendered and stored; "cached" is the same request answered from the cache. Both go through
the whole middleware stack with Django's test client (no network), asking for brotli as a
browser does. Uses the development settings and database, and the local-memory cache unless
REDIS_URL is set (then the figures include the round trips to Redis).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")
os.environ.setdefault("PAGE_CACHE_SECONDS", "600")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from pagecache import store  # noqa: E402

PAGES = {
    "home": "/fr/",
    "listing": "/en/projects/",
    "listing, filtered": "/fr/projets/?country=VN&status=current",
    "project": "/en/migration-and-integration/migraction/",
    "search": "/en/search/?q=Vietnam",
    "sitemap": "/sitemap.xml",
    "feed": "/en/feed/",
}


def timed(client, url):
    start = time.perf_counter()
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}: run `make demo` first.")
    return elapsed, response


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    client = Client(HTTP_HOST="127.0.0.1")
    backend = settings.CACHES[settings.PAGECACHE_ALIAS]["BACKEND"].rsplit(".", 1)[-1]
    print(f"page cache on {backend}; median of {repetitions} requests each, in ms")
    print(f"{'page':<18} {'URL':<45} {'cold':>8} {'cached':>8} {'speed-up':>9} {'bytes':>7}")
    for name, url in PAGES.items():
        timed(client, url)  # image renditions and Wagtail's own caches
        cold, cached = [], []
        for _ in range(repetitions):
            store.bump()
            elapsed, response = timed(client, url)
            assert response["X-Page-Cache"] == "miss"
            cold.append(elapsed)
            elapsed, response = timed(client, url)
            assert response["X-Page-Cache"] == "hit"
            cached.append(elapsed)
        cold_ms, cached_ms = statistics.median(cold), statistics.median(cached)
        print(
            f"{name:<18} {url:<45} {cold_ms:>8.1f} {cached_ms:>8.2f} {cold_ms / cached_ms:>8.0f}x"
            f" {len(response.content):>7}"
        )


if __name__ == "__main__":
    main()
