"""Demo sites for the tests: the migrated test database with the demo content, built once and
kept as a snapshot, and copies of it for tests that start real servers.

Building the demo site means 171 migrations, the demo content and every image rendition (a few
minutes on two cores). It is done once, into a snapshot keyed on what it is made from (the
migrations, the models, the demo content and its loader, the templates, the requirements and
the test settings); every later run, and every pytest-xdist worker, copies the snapshot:

- SQLite: a database file and a media folder in ~/.cache/portfolio-tests/ (or
  $PORTFOLIO_TEST_CACHE); the test database is a copy of the file.
- PostgreSQL: a template database `<name>_tpl_<key>` next to DATABASE_URL's, and the media
  folder in the same cache; test databases are `CREATE DATABASE … TEMPLATE` of it.

`python -m tests.sites` builds the snapshot (pytest does it itself when it is missing);
`make clean` removes the cache, and stale PostgreSQL templates are dropped when a new one is made.

DemoSite is a copy of the snapshot in a database and media folder of its own, for real
servers to serve. On SQLite the database is a file in the site's folder; with a PostgreSQL
DATABASE_URL it is a database of its own (`<name>_site`, per xdist worker), dropped at the end.
"""

import contextlib
import fcntl
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
TEST_SETTINGS = "portfolio.settings.test"

# What the snapshot is made from: a change to any of these builds it again.
SNAPSHOT_INPUTS = [
    "*/migrations/*.py",
    "*/models.py",
    "*/models/*.py",
    "*/signals.py",
    "*/search_backend.py",
    "*/management/commands/load_demo.py",
    "projects/demo/*",
    "templates/**/*",
    "*/templates/**/*",
    "portfolio/settings/base.py",
    "portfolio/settings/test.py",
    "requirements.txt",
    "tests/sites.py",
]
# How many SQLite snapshots the cache keeps (several clones or branches may share it).
KEEP_SNAPSHOTS = 4


def worker_suffix():
    """`_gw0`, `_gw1`… under pytest-xdist (each worker needs databases of its own), else ''."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def _postgres(url, *statements):
    import psycopg2

    admin = psycopg2.connect(urlunparse(urlparse(url)._replace(path="/postgres")))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchall() if cursor.description else None
    finally:
        admin.close()


def _is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


def _with_database(url, name):
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def _database_name(url):
    return urlparse(url).path.lstrip("/") or "portfolio"


class Snapshot:
    """The demo site's database and media, built once per content key."""

    def __init__(self, database_url=None):
        self.database_url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
        self.postgres = _is_postgres(self.database_url)
        digest = hashlib.sha256()
        for pattern in SNAPSHOT_INPUTS:
            for path in sorted(ROOT.glob(pattern)):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
        self.key = digest.hexdigest()[:12]
        cache = self.cache_folder()
        if self.postgres:
            self.template = f"{_database_name(self.database_url)}_tpl_{self.key}"
            self.folder = cache / f"{self.template}-{urlparse(self.database_url).port or 5432}"
        else:
            self.folder = cache / f"sqlite-{self.key}"
        self.database_file = self.folder / "site.sqlite3"
        self.media = self.folder / "media"
        self.ready_file = self.folder / "ready"

    @staticmethod
    def cache_folder():
        """~/.cache/portfolio-tests (or $PORTFOLIO_TEST_CACHE): outside the clone, kept between runs."""
        return Path(
            os.environ.get("PORTFOLIO_TEST_CACHE")
            or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portfolio-tests"
        )

    # -- state ---------------------------------------------------------------------------------
    def exists(self):
        if not self.ready_file.exists():
            return False
        if self.postgres:
            found = _postgres(
                self.database_url, f"SELECT 1 FROM pg_database WHERE datname = '{self.template}'"
            )
            return bool(found)
        return self.database_file.exists()

    @contextlib.contextmanager
    def _lock(self):
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        with open(self.folder.parent / f"{self.folder.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    # -- building ------------------------------------------------------------------------------
    def ensure(self, say=print):
        """Build the snapshot unless it exists (another process building it is waited for)."""
        if self.exists():
            return False
        with self._lock():
            if self.exists():
                return False
            started = time.monotonic()
            say(
                f"Test database: building the demo site snapshot {self.key} (migrations, demo content, "
                "renditions; a few minutes, once per migration or demo change) …"
            )
            self._build(say)
            elapsed = time.monotonic() - started
            say(f"Test database: snapshot {self.key} built in {elapsed:.0f} s ({self.folder}).")
            self._prune()
            return True

    def _build(self, say):
        shutil.rmtree(self.folder, ignore_errors=True)
        building = Path(tempfile.mkdtemp(prefix="build-", dir=self.folder.parent))
        try:
            if self.postgres:
                name = f"{self.template}_build"
                url = _with_database(self.database_url, name)
                _postgres(
                    self.database_url,
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                    f'CREATE DATABASE "{name}"',
                )
            else:
                url = f"sqlite:///{building / 'site.sqlite3'}"
            environment = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": TEST_SETTINGS,
                "DATABASE_URL": url,
                "MEDIA_ROOT": str(building / "media"),
            }
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.sites", "--build-here"],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            output = []
            for line in process.stdout:
                output.append(line)
                if line.startswith("@@ "):
                    say("  " + line[3:].rstrip())
            if process.wait():
                raise RuntimeError("building the test database snapshot failed:\n" + "".join(output[-60:]))
            if self.postgres:
                _postgres(
                    self.database_url,
                    f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
                    f'ALTER DATABASE "{name}" RENAME TO "{self.template}"',
                )
            (building / "media").mkdir(exist_ok=True)
            (building / "ready").write_text(self.key)
            building.rename(self.folder)
        finally:
            shutil.rmtree(building, ignore_errors=True)

    def _prune(self):
        """Drop what older keys left: PostgreSQL templates of this database name, old SQLite files."""
        if self.postgres:
            prefix = f"{_database_name(self.database_url)}_tpl_"
            rows = _postgres(
                self.database_url,
                "SELECT datname FROM pg_database "
                f"WHERE datname LIKE '{prefix}%' AND datname <> '{self.template}'",
            )
            for (name,) in rows or []:
                with contextlib.suppress(Exception):
                    _postgres(self.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                shutil.rmtree(self.folder.parent / f"{name}-{urlparse(self.database_url).port or 5432}", True)
        else:
            snapshots = sorted(
                self.folder.parent.glob("sqlite-*/ready"), key=lambda path: path.stat().st_mtime, reverse=True
            )
            for ready in snapshots[KEEP_SNAPSHOTS:]:
                shutil.rmtree(ready.parent, ignore_errors=True)

    # -- copying -------------------------------------------------------------------------------
    def copy_database(self, target):
        """A copy of the snapshot's database: `target` is a SQLite file path or a PostgreSQL name."""
        if self.postgres:
            _postgres(
                self.database_url,
                f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)',
                f'CREATE DATABASE "{target}" TEMPLATE "{self.template}"',
            )
        else:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.database_file, target)
        self.ready_file.touch()

    def copy_media(self, target):
        target = Path(target)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.media, target, dirs_exist_ok=True)


def warm_renditions():
    """Visit every page once, so image renditions exist before tests roll their changes back.

    Otherwise each test would resize the same images again inside its own transaction.
    """
    from django.test import Client
    from django.utils import translation
    from wagtail.models import Page

    client = Client()
    for page in Page.objects.live().filter(depth__gt=1):
        with translation.override("fr"):
            url = page.get_url()
        client.get(url)
    for page_number in (2, 3):
        client.get(f"/fr/projets/?page={page_number}")


def _build_here():
    """Migrate DATABASE_URL's database, load the demo content and warm the renditions."""
    import django
    from django.core.management import call_command

    django.setup()
    for label, step in (
        ("migrate", lambda: call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)),
        ("load_demo", lambda: call_command("load_demo", verbosity=0, stdout=io.StringIO())),
        ("renditions", warm_renditions),
    ):
        started = time.monotonic()
        print(f"@@ {label} …", flush=True)
        step()
        print(f"@@ {label}: {time.monotonic() - started:.0f} s", flush=True)


class DemoSite:
    """Folder, database and environment of a site holding the demo content."""

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="portfolio-site-"))
        self.media_root = self.workdir / "media"
        url = os.environ.get("DATABASE_URL", "")
        self.postgres_url = None
        if _is_postgres(url):
            self.database_name = f"{_database_name(url)}_site{worker_suffix()}"
            self.postgres_url = _with_database(url, self.database_name)
            self.database_url = self.postgres_url
        else:
            self.database_url = f"sqlite:///{self.workdir}/site.sqlite3"
        self.env = {"DATABASE_URL": self.database_url, "MEDIA_ROOT": str(self.media_root)}

    def manage(self, *args, settings=TEST_SETTINGS):
        """Run a manage.py command on this site; returns its standard output."""
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, **self.env}
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def load_demo(self):
        """A copy of the snapshot (built first if missing)."""
        snapshot = Snapshot()
        snapshot.ensure()
        snapshot.copy_database(self.database_name if self.postgres_url else self.workdir / "site.sqlite3")
        snapshot.copy_media(self.media_root)

    def remove(self):
        """Drop the database and delete the folder: a test run leaves nothing behind."""
        if self.postgres_url:
            _postgres(
                os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)'
            )
        shutil.rmtree(self.workdir, ignore_errors=True)


def ensure_database():
    """DATABASE_URL's PostgreSQL database, created when missing; a clear error when the server
    cannot be reached. (`make test`: the migrations check connects to it; the tests make their own.)"""
    url = os.environ.get("DATABASE_URL", "")
    if not _is_postgres(url):
        return 0
    import psycopg2

    name = _database_name(url)
    try:
        found = _postgres(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    except psycopg2.OperationalError as error:
        print(f"PostgreSQL at DATABASE_URL cannot be reached: {str(error).strip()}", file=sys.stderr)
        print("Start it, or fix DATABASE_URL (postgres://USER@HOST:PORT/NAME).", file=sys.stderr)
        return 1
    if not found:
        _postgres(url, f'CREATE DATABASE "{name}"')
        print(f"Created the PostgreSQL database {name} (DATABASE_URL); the tests make their own next to it.")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--build-here"]:
        _build_here()
    elif sys.argv[1:] == ["--ensure-database"]:
        sys.exit(ensure_database())
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", TEST_SETTINGS)
        if not Snapshot().ensure():
            print(f"Test database: snapshot {Snapshot().key} is up to date.")
