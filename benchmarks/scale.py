"""How the site holds up at 300, 3,000 and 10,000 projects, on PostgreSQL; prints figures.

Run:  .venv/bin/python benchmarks/scale.py [sizes…] [--search]     (or `make benchmark-scale`)

Uses a database of its own (`SCALE_DATABASE_URL`, by default
postgres://postgres@127.0.0.1:5432/portfolio_scale), dropped and rebuilt on each run: the
demo site is loaded, then projects are added in bulk (both languages, shared images, one new
partner per twenty projects) until each size is reached. Their titles and texts are drawn
word by word from the demo's (three words in four from one demo project's texts, the others
from all of them), so a word is found in about the same share of projects as in the demo, and
projects differ; copies of the demo's texts made every search match all the copies of the
projects it matched. For each size it prints, per page,
the SQL query count, the median server time over `SCALE_REPETITIONS` requests (default 7;
nothing is cached, so every request renders the page from the database), the median CPU time
of this process (the page's Python) and the mean CPU time of the PostgreSQL backend serving it
(its queries, read from /proc: the server runs on this machine; on a shared machine these two
say more than the clock, which counts the other processes' time too), and
the peak Python memory allocated while rendering it (tracemalloc). With SCALE_REUSE=1, the database (and
uploads) a previous run left is measured again, at its size, without rebuilding it.
With --search, only the search page is measured, for each query of `SEARCH_QUERIES` in both
languages (`make benchmark-search-scale`: 3,000 and 10,000 projects); with --admin, only the
admin's pages (the translation dashboard, the admin's home).

Pages are inserted with bulk INSERTs and tree paths computed here: adding 10,000 pages one
by one through treebeard would take far longer than the measurements themselves.
"""

import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE_URL = os.environ.get("SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portfolio_scale")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")
os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")
# The uploads belong with the database (SCALE_REUSE needs both): kept beside it, named after it.
MEDIA_ROOT = os.path.join(
    tempfile.gettempdir(), f"portfolio-scale-media-{urlparse(DATABASE_URL).path.lstrip('/')}"
)
os.environ["MEDIA_ROOT"] = MEDIA_ROOT

import psycopg2  # noqa: E402


def recreate_database():
    """Drop and create the benchmark's own database (never the site's)."""
    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# SCALE_REUSE=1 measures again the database a previous run left (its largest size only).
REUSE = os.environ.get("SCALE_REUSE") == "1"
if not REUSE:
    recreate_database()
    shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

import django  # noqa: E402

django.setup()

import contextlib  # noqa: E402
import io  # noqa: E402
import uuid  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import escape, strip_tags  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from partners.models import Partner  # noqa: E402
from projects.models import ProgramPage, ProjectPage, ProjectPartner  # noqa: E402
from translations.status import rebuild  # noqa: E402

# --search: only the search page, for the queries of benchmarks/search.py (both languages).
SEARCH_ONLY = "--search" in sys.argv[1:]
# --admin: only the admin's pages.
ADMIN_ONLY = "--admin" in sys.argv[1:]
SIZES = [int(size) for size in sys.argv[1:] if not size.startswith("--")] or [300, 3000, 10000]
REPETITIONS = int(os.environ.get("SCALE_REPETITIONS", "7"))
BATCH = 500


def build_site():
    started = time.perf_counter()
    # wagtail-modeltranslation prints the columns it adds with print(): not wanted here.
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    print(f"demo site built in {time.perf_counter() - started:.0f} s")


def add_partners(count, offset):
    partners = [
        Partner(
            name=f"Organisation partenaire {offset + number}",
            name_fr=f"Organisation partenaire {offset + number}",
            name_en=f"Partner organisation {offset + number}",
            country="FR",
            description_fr="<p>Une organisation partenaire des projets.</p>",
            description_en="<p>An organisation the projects work with.</p>",
            live=True,
        )
        for number in range(count)
    ]
    Partner.objects.bulk_create(partners, batch_size=BATCH)
    return list(Partner.objects.order_by("-pk")[:count])


def _words(text):
    return re.findall(r"[^\W\d_][\w'’-]*", strip_tags(text or ""))


def seed_vocabulary(models):
    """Per language: the words of each demo project's texts, and of all of them together.

    A word is kept as often as the demo uses it, so drawing uniformly from a list draws words
    by their frequency.
    """
    vocabulary = {}
    for code in ("fr", "en"):
        titles, texts = [], []
        for model in models:
            words = []
            for field in ("subtitle", "summary"):
                words += _words(getattr(model, f"{field}_{code}"))
            for block in getattr(model, f"body_{code}").raw_data:
                if block["type"] in ("paragraph", "heading"):
                    value = block["value"]
                    words += _words(value if isinstance(value, str) else " ".join(map(str, value.values())))
            titles += _words(getattr(model, f"title_{code}"))
            texts.append(words)
        everything = [word for words in texts for word in words]
        vocabulary[code] = (titles or everything, [words or everything for words in texts], everything)
    return vocabulary


def varied_text(rng, topic, everything, count):
    # Three words in four from the project's topic (one demo project's text), one in four from
    # any: a word is found in about as many generated projects, in proportion, as demo
    # projects use it, not in every copy of the projects that do.
    words = [rng.choice(topic if rng.random() < 0.75 else everything) for _ in range(count)]
    text = " ".join(words) if words else ""
    return text[:1].upper() + text[1:] + "."


def varied_texts(number, vocabulary):
    """Title, subtitle, summary and body of generated project `number`, in both languages."""
    rng = random.Random(number)
    texts = {}
    topic_number = rng.randrange(1 << 16)
    for code, (titles, topics, everything) in vocabulary.items():
        topic = topics[topic_number % len(topics)]
        paragraphs = [
            varied_text(rng, topic, everything, rng.randint(30, 80)) for _ in range(rng.randint(1, 2))
        ]
        texts[code] = {
            "title": f"{varied_text(rng, titles, titles, rng.randint(3, 7))[:-1]} {number}",
            "subtitle": varied_text(rng, topic, everything, rng.randint(4, 8))[:-1][:250],
            "summary": varied_text(rng, topic, everything, rng.randint(15, 30)),
            "body": [
                {
                    "type": "paragraph",
                    "value": f"<p>{escape(paragraph)}</p>",
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                }
                for paragraph in paragraphs
            ],
        }
    return texts


def grow_to(target):
    """Add projects until there are `target`, spread over the programs, copying the demo's."""
    current = ProjectPage.objects.count()
    missing = target - current
    if missing <= 0:
        return
    started = time.perf_counter()
    programs = list(ProgramPage.objects.order_by("path"))
    models = list(ProjectPage.objects.order_by("pk")[:28])
    vocabulary = seed_vocabulary(models)
    content_type = ContentType.objects.get_for_model(ProjectPage)
    home_locale = programs[0].locale_id
    next_step = {}
    for program in programs:
        last = Page.objects.child_of(program).order_by("-path").values_list("path", flat=True).first()
        next_step[program.pk] = (Page._str2int(last[-Page.steplen :]) if last else 0) + 1
    new_partners = add_partners(max(1, missing // 20), current)
    old_partners = list(Partner.objects.filter(live=True).order_by("pk")[:20])
    now = timezone.now()
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    project_fields = ProjectPage._meta.local_concrete_fields

    with transaction.atomic():
        for start in range(current, target, BATCH):
            projects = []
            for number in range(start, min(target, start + BATCH)):
                model = models[number % len(models)]
                program = programs[number % len(programs)]
                step = next_step[program.pk]
                next_step[program.pk] += 1
                slugs = {code: f"{getattr(model, f'slug_{code}')}-{number}" for code in ("fr", "en")}
                year = 1995 + number % 30
                texts = varied_texts(number, vocabulary)
                project = ProjectPage(
                    title=texts["fr"]["title"],
                    title_fr=texts["fr"]["title"],
                    title_en=texts["en"]["title"] if model.title_en else "",
                    draft_title=texts["fr"]["title"],
                    slug=slugs["fr"],
                    slug_fr=slugs["fr"],
                    slug_en=slugs["en"],
                    url_path=f"{program.url_path}{slugs['fr']}/",
                    url_path_fr=f"{program.url_path_fr}{slugs['fr']}/",
                    url_path_en=f"{program.url_path_en}{slugs['en']}/",
                    content_type=content_type,
                    locale_id=home_locale,
                    translation_key=uuid.uuid4(),
                    path=Page._get_path(program.path, program.depth + 1, step),
                    depth=program.depth + 1,
                    numchild=0,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    acronym=f"{model.acronym}{number}" if model.acronym else "",
                    subtitle_fr=texts["fr"]["subtitle"],
                    subtitle_en=texts["en"]["subtitle"] if model.subtitle_en else "",
                    summary_fr=texts["fr"]["summary"],
                    summary_en=texts["en"]["summary"] if model.summary_en else "",
                    places_fr=model.places_fr,
                    places_en=model.places_en,
                    body_fr=texts["fr"]["body"],
                    body_en=texts["en"]["body"] if model.body_en.raw_data else [],
                    hero_image_id=model.hero_image_id,
                    countries=model.countries,
                    start_year=year,
                    end_year=year + 4 if number % 3 else None,
                    archived=False,
                )
                projects.append(project)
            pages = [
                Page(**{field.attname: getattr(project, field.attname) for field in page_fields})
                for project in projects
            ]
            Page.objects.bulk_create(pages)
            for project, page in zip(projects, pages, strict=True):
                project.pk = project.page_ptr_id = page.pk
            ProjectPage.objects.all()._batched_insert(projects, project_fields, batch_size=BATCH)
            links = []
            for index, project in enumerate(projects):
                links.append(
                    ProjectPartner(
                        page_id=project.pk,
                        partner=new_partners[(start + index) % len(new_partners)],
                        sort_order=0,
                    )
                )
                links.append(
                    ProjectPartner(
                        page_id=project.pk,
                        partner=old_partners[(start + index) % len(old_partners)],
                        sort_order=1,
                        role="funder",
                    )
                )
            ProjectPartner.objects.bulk_create(links)
            get_search_backend().get_index_for_model(ProjectPage).add_items(ProjectPage, projects)
        for program in programs:
            Page.objects.filter(pk=program.pk).update(numchild=Page.objects.child_of(program).count())
    # What autovacuum does on a production database after such a load: without VACUUM, the
    # rows added after the GIN indexes were built wait in their pending lists, every search
    # reads those lists through, and the planner prefers a sequential scan.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    # The pages were inserted without signals: the translation status is written anew.
    rebuild()
    print(f"{missing} projects added in {time.perf_counter() - started:.0f} s (now {target})")


def pages_to_measure():
    program = ProgramPage.objects.order_by("path").first()
    # A project in the middle of the largest program: routing has to find it among its siblings.
    siblings = ProjectPage.objects.child_of(program).order_by("path")
    project = siblings[siblings.count() // 2]
    return [
        ("home", "/fr/"),
        ("listing", "/fr/projets/"),
        ("listing, filtered", f"/en/projects/?program={program.slug_en}&country=VN&status=current"),
        ("listing, page 10", "/fr/projets/?page=10"),
        ("project", f"/en/{program.slug_en}/{project.slug_en}/"),
        ("program", f"/fr/{program.slug_fr}/"),
        ("archive", "/en/archive/"),
        ("search", "/fr/search/?q=migrants"),
        ("search, 2 words", "/en/search/?q=women+Vietnam"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, page 1", "/sitemap-pages.xml"),
        ("feed", "/fr/feed/"),
    ]


# Accented and not, word forms, short names, two words, and a typo that finds nothing (the
# suggestion's path): the same as benchmarks/search.py.
SEARCH_QUERIES = ["algerie", "réfugiés", "violences", "projects", "SAARA", "mobil hanoi"]
SEARCH_QUERIES += ["algerei", "xylophonezzz"]


def search_pages():
    return [
        (f"search {query}", f"/{language}/search/?{urlencode({'q': query})}")
        for language in ("fr", "en")
        for query in SEARCH_QUERIES
    ]


ADMIN = [
    ("translation dashboard", "/admin/translations/"),
    ("dashboard, filtered", "/admin/translations/?language=en&missing=1&ordering=-completeness"),
    ("admin home", "/admin/"),
]


def database_cpu_seconds():
    """CPU time (user + system) of this connection's PostgreSQL backend process, read from /proc
    (the server runs on this machine); None where it cannot be read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url):
    response = client.get(url)  # warm caches and image renditions
    timings, cpu = [], []
    # The kernel counts a process's CPU time in ticks (10 ms): the database's is read over all
    # the repetitions and shared out (a mean, not a median).
    start_database = database_cpu_seconds()
    for _ in range(REPETITIONS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    database = float("nan")
    if start_database is not None:
        database = (database_cpu_seconds() - start_database) * 1000 / REPETITIONS
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        client.get(url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    median = statistics.median(timings)
    return (
        response.status_code,
        median,
        statistics.median(cpu),
        database,
        len(queries),
        peak / 1024,
        len(response.content),
    )


def benchmark_editor():
    """A superuser for the admin pages: load_demo makes none on PostgreSQL (it never should)."""
    user_model = get_user_model()
    user = user_model.objects.filter(is_superuser=True).first()
    if user is None:
        # No password: the benchmark logs in with force_login, nobody else can.
        user = user_model.objects.create_superuser("scale-benchmark", "scale@example.invalid", None)
    return user


def report(size):
    visitor = Client(HTTP_HOST="127.0.0.1")
    editor = Client(HTTP_HOST="127.0.0.1")
    editor.force_login(benchmark_editor())
    print(f"\n{size} projects")
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    print(
        f"{'page':<24} {'status':>6} {'median ms':>10} {'CPU ms':>7} {'DB CPU':>7} {'queries':>8} "
        f"{'peak KiB':>9} {'size KiB':>9}  URL"
    )
    measured = [(visitor, search_pages())]
    if ADMIN_ONLY:
        measured = [(editor, ADMIN)]
    elif not SEARCH_ONLY:
        measured = [(visitor, pages_to_measure()), (editor, ADMIN)]
    for client, pages in measured:
        for label, url in pages:
            status, median, cpu, database, queries, peak, length = measure(client, url)
            figures = (
                f"{status:>6} {median:>10.1f} {cpu:>7.1f} {database:>7.1f} {queries:>8} {peak:>9.0f} "
                f"{length / 1024:>9.0f}"
            )
            print(f"{label:<24} {figures}  {url}")


def main():
    if REUSE:
        with contextlib.redirect_stdout(io.StringIO()):
            call_command("migrate", "--noinput", verbosity=0)
    else:
        build_site()
    for size in SIZES:
        if REUSE and ProjectPage.objects.count() > size:
            continue
        grow_to(size)
        report(size)
    print(f"\nDatabase and uploads left for SCALE_REUSE=1: {DATABASE_URL}, {MEDIA_ROOT}")


if __name__ == "__main__":
    main()
