"""Time the public pages and the translation dashboard on the demo site; print figures.

Run after `make demo`:  .venv/bin/python benchmarks/pages.py [repetitions]
Every request goes through the whole middleware stack with Django's test client (no network)
and renders the page from the database: the application keeps no page cache. Prints, for each
URL: median and 95th-percentile response time (ms), the median CPU time of the process (ms:
what the page costs, less disturbed than the clock by other processes on a shared machine),
SQL queries, and the peak Python memory allocated while rendering (KiB). Uses the development
settings and database, with DEBUG off (DEBUG keeps every query in memory and checks more).
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")
os.environ["DEBUG"] = "0"
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PUBLIC = [
    "/robots.txt",  # the floor: the middleware stack around a view that reads nothing
    "/en/no-such-page/",  # the site's header and footer around a 404
    "/fr/",
    "/en/projects/",
    "/fr/projets/?country=VN&status=current",
    "/en/archive/",
    "/fr/migrations-et-integration/",
    "/en/migration-and-integration/migraction/",
    "/en/partners/",
    "/fr/search/?q=violences",
    "/en/search/?q=Vietnam",
    "/sitemap.xml",
    "/en/feed/",
]
ADMIN = ["/admin/translations/", "/admin/translations/?language=en&missing=1&ordering=-completeness"]


def measure(client, url, repetitions):
    client.get(url)  # warm caches and image renditions
    timings, cpu = [], []
    for _ in range(repetitions):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        client.get(url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return (
        response.status_code,
        statistics.median(timings),
        p95,
        statistics.median(cpu),
        len(queries),
        peak / 1024,
    )


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    visitor = Client(HTTP_HOST="127.0.0.1")
    editor = Client(HTTP_HOST="127.0.0.1")
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        sys.exit("No superuser: run `make demo` first.")
    editor.force_login(user)
    print(
        f"median of {repetitions} requests each; "
        f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores"
    )
    print(
        f"{'URL':<60} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'queries':>8} "
        f"{'peak KiB':>9}"
    )
    for client, urls in ((visitor, PUBLIC), (editor, ADMIN)):
        for url in urls:
            status, median, p95, cpu, queries, peak = measure(client, url, repetitions)
            print(f"{url:<60} {status:>6} {median:>10.1f} {p95:>8.1f} {cpu:>7.1f} {queries:>8} {peak:>9.0f}")


if __name__ == "__main__":
    main()
