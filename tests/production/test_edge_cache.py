"""The page cache at the edge: gunicorn behind the shipped nginx, which keeps anonymous answers
for EDGE_CACHE_SECONDS (2 s here) and is purged by Wagtail's frontend cache on each change.

For every way content changes, the public answer through nginx changes at once on the changed
page in both languages (a purge), and everywhere within the bound. Admin actions go through the
admin's own views (tests/production/edge_admin.py, a process on the stack's database with its
settings and purge address); visitors' requests go through nginx.
"""

import gzip
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from deploy import local_stack

pytestmark = pytest.mark.production_stack

ROOT = Path(__file__).resolve().parents[2]
BOUND = 2  # EDGE_CACHE_SECONDS of the stack under test
SLACK = 1.5  # one render, and the polling step
HOST = "localhost"  # the demo's Wagtail site: the host Wagtail's purges name

if not shutil.which("nginx"):
    pytest.fail("nginx is missing: `make nginx` installs it (apt's nginx-light)", pytrace=False)


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("edge")
    static_root = workdir / "static"
    collecting = local_stack.collectstatic({}, static_root)
    site = request.getfixturevalue("demo_site")
    assert collecting.wait(timeout=120) == 0
    env = {
        **site.env,
        "EDGE_CACHE_SECONDS": str(BOUND),
        # The home-made page and row caches (being removed) stay out of the way.
        "PAGE_CACHE_SECONDS": "0",
        "ROW_CACHE_SECONDS": "0",
        "PAGE_MAX_AGE": "0",
    }
    stack = local_stack.start(workdir, env, static_root=static_root, media_root=site.media_root)
    stack.site = site
    yield stack
    stack.stop()
    shutil.rmtree(workdir, ignore_errors=True)


class Admin:
    """The admin-actions process (edge_admin.py), one JSON line each way."""

    def __init__(self, stack, **env):
        environment = {
            **stack.environment,
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            **env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.production.edge_admin"],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __getattr__(self, action):
        def call(**arguments):
            self.process.stdin.write(json.dumps({"do": action, **arguments}) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
            assert "error" not in answer, answer["error"]
            return answer["ok"]

        return call

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def admin(stack):
    actions = Admin(stack)
    yield actions
    actions.close()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(stack, path, method="GET", **headers):
    """status, headers and text of a request through nginx, as a visitor of the site's host
    (redirects are answers too)."""
    request = urllib.request.Request(stack.url + path, method=method, headers={"Host": HOST, **headers})
    try:
        with OPENER.open(request, timeout=15) as response:
            status, answer, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, body = error.code, error.headers, error.read()
    if answer.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return status, answer, body.decode(errors="replace")


def kept(stack, path):
    """Visit twice: the second answer comes from nginx's cache."""
    fetch(stack, path)
    status, headers, text = fetch(stack, path)
    assert (status, headers["X-Cache-Status"]) == (200, "HIT"), path
    return text


def eventually(check, within):
    """Seconds until check() holds, polled; fails after `within` seconds."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < within, f"not within {within:.1f} s"
        time.sleep(0.2)
    return time.monotonic() - start


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def links(html):
    parser = Links()
    parser.feed(html)
    return parser.urls


# --- What is kept, and for whom ---------------------------------------------------------------


def test_anonymous_pages_are_kept_for_the_bound_and_revalidated_by_etag(stack):
    kept(stack, "/fr/")
    status, headers, _text = fetch(stack, "/fr/", **{"Accept-Encoding": "gzip"})
    assert headers["Cache-Control"] == f"public, max-age=0, s-maxage={BOUND}"
    assert headers["Content-Encoding"] == "gzip"
    etag = headers["ETag"]
    status, headers, _text = fetch(stack, "/fr/", **{"If-None-Match": etag})
    assert status == 304
    # Each query string is a page of its own; HEAD is answered from the same copy.
    assert fetch(stack, "/fr/projets/?country=VN")[1]["X-Cache-Status"] in ("MISS", "EXPIRED")
    assert fetch(stack, "/fr/projets/?country=VN", method="HEAD")[1]["X-Cache-Status"] == "HIT"


def test_signed_in_users_previews_the_admin_and_posts_never_meet_the_cache(stack, admin):
    acif = admin.project(acronym="ACIF")
    url = acif["urls"]["en"]
    kept(stack, url)
    cookie = f"sessionid={admin.session()}"
    for path in (url, "/fr/", f"/admin/pages/{acif['id']}/view_draft/", "/admin/"):
        for _ in range(2):
            status, headers, text = fetch(stack, path, Cookie=cookie)
            assert status == 200, path
            assert headers["X-Cache-Status"] == "BYPASS", path
            assert "private" in headers["Cache-Control"] and "no-store" in headers["Cache-Control"]
    # The editor sees the user bar; anonymous visitors never get that copy.
    assert "wagtail-userbar" in fetch(stack, url, Cookie=cookie)[2]
    assert "wagtail-userbar" not in fetch(stack, url)[2]
    # A CSRF cookie alone (a visitor who opened a form) is enough to bypass the cache.
    assert fetch(stack, url, Cookie="csrftoken=abc")[1]["X-Cache-Status"] == "BYPASS"
    # The admin's sign-in form sets a cookie: never kept.
    for _ in range(2):
        status, headers, _text = fetch(stack, "/admin/login/")
        assert "no-store" in headers["Cache-Control"] and "Set-Cookie" in headers
    status, headers, _text = fetch(stack, "/fr/projets/", method="POST")
    assert "X-Cache-Status" not in headers


def test_a_preview_a_draft_or_an_old_revision_changes_nothing_public(stack, admin):
    page = admin.project(acronym="ACIF")
    before = {language: kept(stack, url) for language, url in page["urls"].items()}
    changes = {"title_en": "A title only the preview shows", "title_fr": "Un titre que seul l’aperçu montre"}
    assert admin.preview(id=page["id"], changes=changes)
    admin.save_draft(id=page["id"], changes={"summary_en": "A draft summary nobody sees yet"})
    time.sleep(BOUND + 0.5)  # every copy has expired: what follows is rendered afresh
    for language, url in page["urls"].items():
        text = fetch(stack, url)[2]
        assert "preview shows" not in text and "seul l’aperçu" not in text
        assert "A draft summary" not in text
        assert text == before[language]
    assert "A title only the preview shows" not in fetch(stack, "/en/")[2]


# --- Every change path: at once on the changed page, in both languages ------------------------


def test_publishing_shows_at_once_in_both_languages(stack, admin):
    page = admin.project(acronym="Phu Nu")
    for url in page["urls"].values():
        kept(stack, url)
    admin.publish(id=page["id"], changes={"title_en": "Phu Nu, published", "title_fr": "Phu Nu, publié"})
    assert "Phu Nu, published" in fetch(stack, page["urls"]["en"])[2]
    assert "Phu Nu, publié" in fetch(stack, page["urls"]["fr"])[2]
    # Its programme and the listing (purged with it), in both languages.
    assert "Phu Nu, published" in fetch(stack, "/en/projects/")[2]
    assert "Phu Nu, publié" in fetch(stack, "/fr/migrations-et-integration/")[2]


def test_reverting_shows_at_once(stack, admin):
    page = admin.project(acronym="Phu Nu")
    admin.publish(id=page["id"], changes={"title_en": "First version", "title_fr": "Première version"})
    admin.publish(id=page["id"], changes={"title_en": "Second version", "title_fr": "Seconde version"})
    for url in page["urls"].values():
        kept(stack, url)
    admin.revert(id=page["id"])
    assert "First version" in fetch(stack, page["urls"]["en"])[2]
    assert "Première version" in fetch(stack, page["urls"]["fr"])[2]


def test_scheduled_publishing_shows_at_once_when_publish_scheduled_runs(stack, admin):
    page = admin.project(acronym="Phu Nu")
    for url in page["urls"].values():
        kept(stack, url)
    admin.schedule(id=page["id"], changes={"title_en": "Scheduled title", "title_fr": "Titre programmé"})
    assert "Scheduled title" not in fetch(stack, page["urls"]["en"])[2]
    manage(stack, "publish_scheduled")
    assert "Scheduled title" in fetch(stack, page["urls"]["en"])[2]
    assert "Titre programmé" in fetch(stack, page["urls"]["fr"])[2]


def test_unpublishing_and_deleting_remove_the_page_at_once(stack, admin):
    page = admin.project(acronym="SAARA")
    for url in page["urls"].values():
        kept(stack, url)
    admin.unpublish(id=page["id"])
    for url in page["urls"].values():
        assert fetch(stack, url)[0] == 404
    admin.publish(id=page["id"], changes={})
    for url in page["urls"].values():
        kept(stack, url)
    admin.delete(id=page["id"])
    for url in page["urls"].values():
        assert fetch(stack, url)[0] == 404


def test_moving_shows_at_once_at_both_addresses(stack, admin):
    page = admin.project(acronym="E'Changeons")
    migrations = admin.project(acronym="Migr'Action")
    for url in page["urls"].values():
        kept(stack, url)
    admin.move(id=page["id"], to=migrations["parent"])
    moved = admin.page_info(id=page["id"])["urls"]
    assert moved["fr"].startswith("/fr/migrations-et-integration/")
    for language, url in page["urls"].items():
        # The old address no longer serves the page: Wagtail's redirects app sends visitors to
        # the new one (in the editor's language; the other answers 404).
        status, headers, _text = fetch(stack, url)
        assert status in (301, 404)
        assert status == 404 or headers["Location"] == moved[language]
        assert fetch(stack, moved[language])[0] == 200


def test_a_partner_shows_at_once_on_its_projects_and_the_directory(stack, admin):
    acif = admin.project(acronym="ACIF")
    directory = ["/fr/partenaires/", "/en/partners/"]
    for url in [*acif["urls"].values(), *directory]:
        kept(stack, url)
    names = {"name_en": "Le Plateau, renamed", "name_fr": "Le Plateau, renommé"}
    projects = admin.rename_partner(name="Centre socio-sportif Le Plateau", changes=names)
    assert acif["urls"] in projects
    assert "Le Plateau, renamed" in fetch(stack, acif["urls"]["en"])[2]
    assert "Le Plateau, renommé" in fetch(stack, acif["urls"]["fr"])[2]
    assert "Le Plateau, renommé" in fetch(stack, "/fr/partenaires/")[2]
    assert "Le Plateau, renamed" in fetch(stack, "/en/partners/")[2]


def test_a_settings_change_shows_at_once_on_every_page(stack, admin):
    urls = ["/fr/", "/en/", "/fr/projets/", admin.project(acronym="ACIF")["urls"]["en"]]
    for url in urls:
        kept(stack, url)
    admin.change_settings(
        changes={"tagline_fr": "Une devise toute neuve", "tagline_en": "A brand new tagline"}
    )
    for url in urls:
        text = fetch(stack, url)[2]
        assert "Une devise toute neuve" in text or "A brand new tagline" in text, url


def image_urls(html):
    return [url for url in links(html) if url.startswith("/media/images/")]


def test_a_replaced_image_is_never_shown_stale(stack, admin):
    """Wagtail cuts rendition names to 60 characters, so a replaced image's renditions often keep
    their URLs with new bytes: nginx has them revalidated (ETag from the file), never immutable."""
    page = admin.project(acronym="INNOV'Asso")
    (old_url, *_others) = image_urls(kept(stack, page["urls"]["fr"]))
    status, old_headers, old_bytes = fetch(stack, old_url)
    assert status == 200 and old_headers["Cache-Control"] == "public, no-cache"
    admin.replace_image(id=page["image"], colour="#c0ffee")
    for url in page["urls"].values():
        (new_url, *_others) = image_urls(fetch(stack, url)[2])
        status, headers, new_bytes = fetch(stack, new_url)
        assert status == 200 and headers["Cache-Control"] == "public, no-cache"
        assert new_bytes != old_bytes
    # A browser revalidating its old copy gets the new picture, not "304 Not Modified".
    status, _headers, _body = fetch(stack, old_url, **{"If-None-Match": old_headers["ETag"]})
    assert status in (200, 404)


def test_a_page_made_private_leaves_the_cache_at_once(stack, admin):
    page = admin.project(acronym="ACIF")
    summary = page["summary"]["fr"][:40]
    assert summary in kept(stack, page["urls"]["fr"])
    admin.restrict(id=page["id"])
    for _ in range(2):
        status, headers, text = fetch(stack, page["urls"]["fr"])
        assert summary not in text
        assert 'name="password"' in text
        assert headers["X-Cache-Status"] == "MISS"
        assert "no-store" in headers["Cache-Control"]


def test_changes_made_in_sql_show_within_the_bound_or_at_once_after_the_command(stack, admin):
    page = admin.project(acronym="Migr'Action")
    url = page["urls"]["en"]
    kept(stack, url)
    admin.update_summary_in_sql(id=page["id"], summary="Summary written in SQL")
    elapsed = eventually(lambda: "Summary written in SQL" in fetch(stack, url)[2], BOUND + SLACK)
    assert elapsed <= BOUND + SLACK

    for address in page["urls"].values():
        kept(stack, address)
    admin.update_summary_in_sql(id=page["id"], summary="Second summary written in SQL")
    output = manage(stack, "purge_frontend_cache", "-v", "2")
    assert f"http://{HOST}{url}" in output
    for address in page["urls"].values():
        assert "Second summary written in SQL" in fetch(stack, address)[2]


def test_a_failed_purge_leaves_pages_stale_no_longer_than_the_bound(stack):
    # Purges sent to an address where nothing listens: the publish still succeeds.
    cut_off = Admin(stack, FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:9")
    try:
        page = cut_off.project(acronym="FORM'Algérie")
        for url in page["urls"].values():
            kept(stack, url)
        cut_off.publish(id=page["id"], changes={"title_en": "Unpurged title", "title_fr": "Titre non purgé"})
    finally:
        cut_off.close()
    for language, text in (("en", "Unpurged title"), ("fr", "Titre non purgé")):
        url = page["urls"][language]
        assert (
            eventually(lambda text=text, url=url: text in fetch(stack, url)[2], BOUND + SLACK)
            <= BOUND + SLACK
        )


def test_pages_are_served_while_the_application_is_down_and_fresh_after_a_restart(stack, admin):
    page = admin.project(acronym="MOBIL'Hanoï")
    urls = [*page["urls"].values(), "/fr/", "/en/projects/"]
    for url in urls:
        kept(stack, url)
    stack.stop_app()
    try:
        admin.update_summary_in_sql(id=page["id"], summary="Written while the application was down")
        time.sleep(BOUND + 0.5)  # every copy has expired
        for url in urls:
            status, headers, text = fetch(stack, url)
            assert status == 200, url
            assert headers["X-Cache-Status"] in ("STALE", "UPDATING"), url
        assert "Written while the application was down" not in fetch(stack, page["urls"]["en"])[2]
    finally:
        stack.start_app()
        assert stack.wait_for(f"{stack.url}/healthz")
    url = page["urls"]["en"]
    assert eventually(lambda: "Written while the application" in fetch(stack, url)[2], BOUND + SLACK)


def test_restoring_a_backup_shows_at_once(stack, admin, tmp_path):
    page = admin.project(acronym="Migr'Action")
    manage(stack, "backup_site", "--dir", str(tmp_path))
    admin.publish(id=page["id"], changes={"title_en": "After the backup", "title_fr": "Après la sauvegarde"})
    for url in page["urls"].values():
        assert "After the backup" in kept(stack, url) or "Après la sauvegarde" in kept(stack, url)
    manage(stack, "restore_site", "--dir", str(tmp_path), "--noinput", "--no-safety-backup")
    for url in page["urls"].values():
        text = fetch(stack, url)[2]
        assert "After the backup" not in text and "Après la sauvegarde" not in text


# --- Files -------------------------------------------------------------------------------------


def test_only_hashed_static_names_are_immutable(stack):
    html = fetch(stack, "/fr/")[2]
    (hashed,) = [url for url in links(html) if re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)]
    assert fetch(stack, hashed)[1]["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, _text = fetch(stack, "/static/css/site.css")
    assert status == 200
    assert headers["Cache-Control"] == "public, no-cache"
    assert "ETag" in headers


def test_documents_sent_by_nginx_keep_the_security_headers(stack):
    _status, page_headers, html = fetch(stack, "/fr/")
    document = None
    for url in links(fetch(stack, "/fr/projets/")[2]):
        if url.startswith("/fr/") and url.count("/") == 4:
            found = [link for link in links(fetch(stack, url)[2]) if link.startswith("/documents/")]
            if found:
                document = found[0]
                break
    assert document, "no project page links a document"
    status, headers, _body = fetch(stack, document)
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    for name in ("Strict-Transport-Security", "Referrer-Policy", "X-Frame-Options"):
        assert headers[name] == page_headers[name], name
    assert "no-store" in headers["Cache-Control"]


def manage(stack, *args):
    """A manage.py command on the stack's database, with its settings and purge address."""
    environment = {**stack.environment, "DJANGO_SETTINGS_MODULE": "portfolio.settings.production"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
