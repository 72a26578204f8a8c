"""A demo site in its own database and media folder, for tests that start real servers.

On SQLite the database is a file in the site's folder; with a PostgreSQL DATABASE_URL it is
a database of its own (`<name>_site`), dropped again when the tests end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def _postgres(url, statement):
    import psycopg2

    admin = psycopg2.connect(urlunparse(urlparse(url)._replace(path="/postgres")))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(statement)
    finally:
        admin.close()


class DemoSite:
    """Folder, database and environment of a site holding the demo content."""

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="portfolio-site-"))
        self.media_root = self.workdir / "media"
        url = os.environ.get("DATABASE_URL", "")
        self.postgres_url = None
        if url.startswith(("postgres://", "postgresql://")):
            parsed = urlparse(url)
            self.database_name = (parsed.path.lstrip("/") or "portfolio") + "_site"
            self.postgres_url = urlunparse(parsed._replace(path=f"/{self.database_name}"))
            _postgres(url, f'DROP DATABASE IF EXISTS "{self.database_name}"')
            _postgres(url, f'CREATE DATABASE "{self.database_name}"')
            self.database_url = self.postgres_url
        else:
            self.database_url = f"sqlite:///{self.workdir}/site.sqlite3"
        self.env = {"DATABASE_URL": self.database_url, "MEDIA_ROOT": str(self.media_root)}

    def manage(self, *args, settings="portfolio.settings.test"):
        """Run a manage.py command on this site; returns its standard output."""
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, **self.env}
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def load_demo(self):
        self.manage("migrate", "--noinput")
        self.manage("load_demo")

    def remove(self):
        """Drop the database and delete the folder: a test run leaves nothing behind."""
        if self.postgres_url:
            _postgres(
                os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)'
            )
        shutil.rmtree(self.workdir, ignore_errors=True)
