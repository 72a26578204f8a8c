"""Score the search against the query table and time it, on the development database
(PostgreSQL when DATABASE_URL says so); print figures.

Run after `make demo` (and `manage.py update_index` on a database indexed before
projects/search_text.py):  .venv/bin/python benchmarks/search.py [repetitions]
At 3,000 and 10,000 generated projects on PostgreSQL: `benchmarks/scale.py 3000 10000 --search`.
Prints the table's score (rows of tests/projects/search_table.py answered right, with the wrong
ones), then, for each query and language: median and 95th-percentile response time (ms) and
SQL queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# "algerei" finds nothing and is answered with a suggestion (Algérie): that path is timed too.
QUERIES = ["algerie", "réfugiés", "violences", "projects", "SAARA", "mobil hanoi", "algerei", "xylophonezzz"]


def score(client):
    """The query table's score on this database, each row timed once (after a warm-up)."""
    from tests.projects.search_table import TABLE, failures

    passed, times = 0, []
    for row in TABLE:
        client.get(f"/{row.language}/search/", {"q": row.query})
        start = time.perf_counter()
        wrong = failures(client, row)
        times.append((time.perf_counter() - start) * 1000)
        passed += not wrong
        for failure in wrong:
            print(f"  wrong: /{row.language}/search/?q={row.query}: {failure}")
    times.sort()
    print(
        f"query table: {passed}/{len(TABLE)} rows right ({100 * passed / len(TABLE):.0f} %), "
        f"median {statistics.median(times):.1f} ms, slowest {times[-1]:.1f} ms per search page"
    )


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    client = Client(HTTP_HOST="127.0.0.1")
    from projects.models import ProjectPage

    print(f"{connection.vendor}, {ProjectPage.objects.count()} projects, {repetitions} repetitions")
    score(client)
    for language in ("fr", "en"):
        for query in QUERIES:
            times = []
            for _ in range(repetitions):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(f"/{language}/search/", {"q": query})
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(
                f"/{language}/search/?q={query:<14} median {statistics.median(times):6.1f} ms"
                f"  p95 {p95:6.1f} ms  {len(queries)} queries"
            )


if __name__ == "__main__":
    main()
