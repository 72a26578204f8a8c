"""Two app servers sharing Redis: a change made in another process refreshes both servers' pages.

Both servers and the process that makes the changes run the test settings on one copy of the
test database, with the page cache on Redis (database 6 unless PAGECACHE_TEST_REDIS_URL says
otherwise). Server B answering "hit" for a page only server A rendered shows the cache is
shared; "miss" on A after each change shows the change reached every server.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("PAGECACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")

ACIF_EN = "/en/gender-equality-and-violence-against-women/acif/"
ACIF_FR = "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/acif/"

# (change, page to read after it, text it must show, or not show when prefixed with "!")
CHANGES = [
    ("publish", ACIF_EN, "Published on another server"),
    ("approve", ACIF_EN, "Approved on another server."),
    ("partner", ACIF_EN, "CODASE, renamed on another server"),
    ("image", ACIF_FR, 'alt="Described on another server"'),
    ("document", "/en/partners/", None),
    ("move", "/sitemap-pages.xml", "/en/migration-and-integration/acif/"),
    ("unpublish", "/sitemap-pages.xml", "!/acif/"),
    ("delete", "/sitemap-pages.xml", "!/saara/"),
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_test_database(workdir):
    """A copy of the test database (demo content loaded) that other processes can open."""
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: write its pages to a file.
        path = Path(workdir) / "site.sqlite3"
        connection.ensure_connection()
        path.write_bytes(connection.connection.serialize())
        return f"sqlite:///{path}"
    parsed = urlparse(os.environ["DATABASE_URL"])
    source = settings.DATABASES["default"]["NAME"]
    name = f"{source}_shared_cache"
    base = urlunparse(parsed._replace(path="/postgres"))
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", base, "-qc", sql], check=True, capture_output=True)
    dump = subprocess.run(
        ["pg_dump", urlunparse(parsed._replace(path=f"/{source}"))], check=True, capture_output=True
    )
    target = urlunparse(parsed._replace(path=f"/{name}"))
    subprocess.run(["psql", "-q", target], input=dump.stdout, check=True, capture_output=True)
    return target


def _drop_copy(database_url):
    """Leave nothing behind: the SQLite copy goes with pytest's temporary folder."""
    parsed = urlparse(database_url)
    if parsed.scheme.startswith("postgres"):
        base = urlunparse(parsed._replace(path="/postgres"))
        name = parsed.path.lstrip("/")
        subprocess.run(["psql", base, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)


def fetch(base, path):
    """(status, X-Page-Cache, body) of an anonymous GET."""
    # Behind a load balancer every server sees the site's own host name, whatever its port.
    request = urllib.request.Request(base + path, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("X-Page-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache"), ""


@pytest.fixture
def site(db, tmp_path):
    """Servers A and B and a process that changes the site, all on one database and Redis."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    database_url = _copy_test_database(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "PAGE_CACHE_SECONDS": "600",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    processes, servers = [], []
    try:
        for _server in ("A", "B"):
            port = _free_port()
            log = open(tmp_path / f"server-{port}.log", "w")  # noqa: SIM115 - closed with the process
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
            servers.append(f"http://127.0.0.1:{port}")
        changer = subprocess.Popen(
            [sys.executable, "-u", str(Path(__file__).with_name("change_site.py"))],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(changer)
        for base in servers:
            for _attempt in range(150):
                try:
                    urllib.request.urlopen(f"{base}/robots.txt", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"a test server did not start; see the logs in {tmp_path}")

        def change(name):
            changer.stdin.write(name + "\n")
            changer.stdin.flush()
            assert changer.stdout.readline().strip() == f"done {name}"

        yield servers, change
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        redis.Redis.from_url(REDIS_URL).flushdb()
        _drop_copy(database_url)


def test_a_change_made_elsewhere_refreshes_every_server(site):
    (server_a, server_b), change = site
    for name, path, expected in CHANGES:
        for page in ("/fr/", "/en/projects/", path):
            fetch(server_a, page)
            assert fetch(server_b, page)[1] == "hit", (name, page)  # rendered by A, served by B

        change(name)

        for page in ("/fr/", "/en/projects/", path):
            status, cache, body = fetch(server_a, page)
            assert (status, cache) == (200, "miss"), (name, page)
            assert fetch(server_b, page)[:2] == (200, "hit"), (name, page)
        if expected and expected.startswith("!"):
            assert expected[1:] not in body, name
        elif expected:
            assert expected in body, name
