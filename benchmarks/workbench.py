"""The translator's workbench: how long "Save and next" takes, at the demo's size and at 3,000 projects.

Run:  .venv/bin/python benchmarks/workbench.py [sizes…]      (default: 3000)

Builds its own PostgreSQL database with benchmarks/scale.py's generator (`SCALE_DATABASE_URL`,
by default postgres://postgres@127.0.0.1:5432/portfolio_workbench, dropped and rebuilt on
each run): the demo site first, then projects added in bulk, about half of them missing their
English like the demo's. At each size a translator (the Translators group, so every save is
submitted to the review workflow, as in real use) goes through the projects missing English in
the dashboard's filter: each "Save and next" fills the missing fields of one project and is
answered by a redirect to the next one. Prints the median and slowest server time of
`WORKBENCH_REPETITIONS` (default 9) saves, and the time of the workbench page itself. With
SCALE_REUSE=1 the database a previous run left is measured again, without rebuilding it.
The target is a median of at most 300 ms at 3,000 projects.
"""

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portfolio_workbench")
SIZES = [int(size) for size in sys.argv[1:]] or [3000]
sys.argv[1:] = []  # scale.py reads its own sizes from the command line

import scale  # noqa: E402  (sets Django up on the benchmark's database)
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.test.utils import WagtailTestUtils  # noqa: E402

from projects.models import ProjectPage  # noqa: E402
from translations import selectors  # noqa: E402

REPETITIONS = int(os.environ.get("WORKBENCH_REPETITIONS", "9"))
QUERY = "?type=projects.projectpage"
ENGLISH = "Translated by the workbench benchmark."


def translator_client():
    user, _created = get_user_model().objects.get_or_create(
        username="benchmark-translator", defaults={"email": "benchmark-translator@example.org"}
    )
    user.groups.add(Group.objects.get(name="Translators"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def draftail(text):
    block = {"key": "bench", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": []}
    return json.dumps({"blocks": [{**block, "entityRanges": []}], "entityMap": {}})


def filled_form(html):
    """The workbench form with every empty English field filled, as the translator posts it."""
    soup = WagtailTestUtils.get_soup(html)
    data = {}
    for field in soup.select("form[method=post] [name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n") or ENGLISH
        elif field.get("type") == "hidden" and re.fullmatch(r"\w+-\d+(-\w+)?", name):
            data[name] = draftail(ENGLISH) if '"text": ""' in field.get("value", "") else field["value"]
        elif field.name == "input" and field.get("type") not in ("submit", "checkbox"):
            data[name] = field.get("value", "") or ENGLISH
    data["action-next"] = "1"
    return data


def first_missing_url():
    """The first project the dashboard lists as missing English (drafts count, as there)."""
    rows = selectors.missing_in(selectors.of_type(selectors.rows(), "projects.projectpage"), "en")
    return selectors.ordered(rows).first().workbench_url("en") + QUERY


def measure(size_label):
    client = translator_client()
    url = first_missing_url()
    client.get(url)  # warm caches
    page_times, save_times = [], []
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        response = client.get(url)
        page_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        data = filled_form(response.content)
        started = time.perf_counter()
        response = client.post(url, data)
        save_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
        following = response["Location"]
        assert following != url and "/translate/" in following, following
        url = following
    projects = ProjectPage.objects.count()
    page, save, slowest = statistics.median(page_times), statistics.median(save_times), max(save_times)
    print(
        f"{size_label:<8} {projects:>8} projects  workbench page median {page:6.0f} ms"
        f"  “Save and next” median {save:6.0f} ms, slowest {slowest:6.0f} ms"
    )


def main():
    try:
        if scale.REUSE:  # SCALE_REUSE=1: measure again the database a previous run left
            measure("reused")
            return
        scale.build_site()
        measure("demo")
        for size in SIZES:
            scale.grow_to(size)
            measure(str(size))
    finally:
        scale.shutil.rmtree(scale.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
