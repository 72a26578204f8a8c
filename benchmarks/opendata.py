"""Time and memory of the IATI file and the API listing, at demo size and with 1,000 more projects.

Run:  .venv/bin/python benchmarks/opendata.py [repetitions]
Works on a throwaway SQLite database and media folder of its own (the development database is
never touched): migrates, loads the demo, measures, adds 1,000 generated projects, measures again.
Prints, for each URL: median and 95th-percentile response time (ms), SQL queries, peak Python
memory while answering (KiB) and the response's size (KiB).
"""

import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

WORKDIR = tempfile.mkdtemp(prefix="portfolio-opendata-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "portfolio.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from opendata.models import OpenDataSettings  # noqa: E402
from partners.models import Partner  # noqa: E402
from projects.models import ProgramPage, ProjectPage, ProjectPartner  # noqa: E402

URLS = [
    "/iati/activities.xml",
    "/api/v1/projects/",
    "/api/v1/projects/?page_size=100",
    "/api/v1/projects/?country=VN&status=current",
    "/en/open-data/projects.csv",
]
COUNTRIES = ["FR", "VN", "DZ", "MA", "TN", "EG"]


def measure(client, url, repetitions):
    client.get(url)  # warm caches and image renditions
    timings = []
    for _ in range(repetitions):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        response = client.get(url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    size = len(response.content)
    return response.status_code, statistics.median(timings), p95, len(queries), peak / 1024, size


def report(title, repetitions):
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{title}: {ProjectPage.objects.live().count()} live projects")
    header = ("URL", "status", "median ms", "p95 ms", "queries", "peak KiB", "KiB")
    print("{:<44} {:>6} {:>10} {:>8} {:>8} {:>9} {:>6}".format(*header))
    for url in URLS:
        status, median, p95, queries, peak, size = measure(client, url, repetitions)
        figures = f"{median:>10.1f} {p95:>8.1f} {queries:>8} {peak:>9.0f} {size / 1024:>6.0f}"
        print(f"{url:<44} {status:>6} {figures}")


def generate_projects(count):
    """`count` more live projects, spread over the programs, with countries, dates and partners."""
    rng = random.Random(10)
    programs = list(ProgramPage.objects.order_by("path"))
    partners = list(Partner.objects.filter(live=True))
    now = timezone.now()
    for number in range(count):
        program = ProgramPage.objects.get(pk=programs[number % len(programs)].pk)
        start = rng.randint(1995, 2025)
        project = ProjectPage(
            title=f"Projet généré {number}",
            title_fr=f"Projet généré {number}",
            title_en=f"Generated project {number}" if number % 3 else "",
            slug=f"projet-genere-{number}",
            slug_fr=f"projet-genere-{number}",
            summary_fr="Un projet généré pour mesurer les données ouvertes.",
            summary_en="A project generated to measure the open data." if number % 3 else "",
            countries=rng.sample(COUNTRIES, rng.randint(0, 3)),
            start_year=start if number % 5 else None,
            end_year=start + rng.randint(1, 6) if number % 2 else None,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        program.add_child(instance=project)
        for partner in rng.sample(partners, min(len(partners), rng.randint(0, 3))):
            role = rng.choice(["partner", "funder"])
            ProjectPartner.objects.create(page=project, partner=partner, role=role)


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(f"Throwaway database and media in {WORKDIR}")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings = OpenDataSettings.for_site(Site.objects.get(is_default_site=True))
    # Placeholder identity: the file is only measured, never published.
    settings.iati_identifier = "XM-DAC-BENCH-0001"
    settings.organisation_type = "21"
    settings.organisation_name_fr = "Organisation (mesure)"
    settings.save()
    report("Demo size", repetitions)
    start = time.perf_counter()
    generate_projects(1000)
    print(f"\n(1,000 projects generated in {time.perf_counter() - start:.0f} s)")
    report("Demo + 1,000 generated projects", repetitions)


if __name__ == "__main__":
    main()
