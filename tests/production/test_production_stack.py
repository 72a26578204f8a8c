"""The production stack on loopback: gunicorn with the production settings behind nginx,
rendered from deploy/nginx.conf, on the demo site; every request goes through nginx."""

import gzip
import re
import shutil
import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest

from deploy import local_stack
from deploy.render_nginx import brotli_available

pytestmark = pytest.mark.production_stack

if not shutil.which("nginx"):
    pytest.fail("nginx is missing: `make nginx` installs it (apt's nginx-light)", pytrace=False)

LONG_CACHE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("stack")
    static_root = workdir / "static"
    # collectstatic compresses every file: let it run while the demo site is being built.
    collecting = local_stack.collectstatic({}, static_root)
    site = request.getfixturevalue("demo_site")
    assert collecting.wait(timeout=120) == 0
    stack = local_stack.start(workdir, site.env, static_root=static_root, media_root=site.media_root)
    yield stack
    stack.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def fetch(url, **headers):
    """status, headers and (decoded) body of a GET; error statuses are answers too."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


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


def test_a_page_is_compressed_and_carries_the_security_headers(stack):
    status, headers, body = fetch(f"{stack.url}/fr/", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    html = gzip.decompress(body).decode()
    assert '<html lang="fr"' in html
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "nginx/" not in headers.get("Server", "")


@pytest.mark.skipif(not brotli_available(), reason="Debian's brotli module for nginx is not installed")
def test_brotli_is_offered_for_static_files_when_the_module_is_installed(stack):
    # Pages leave the page cache as gzip (one copy per URL, see docs/caching.md).
    status, headers, _body = fetch(f"{stack.url}/static/css/site.css", **{"Accept-Encoding": "br"})
    assert (status, headers["Content-Encoding"]) == (200, "br")


def test_a_client_without_gzip_gets_the_page_unpacked(stack):
    status, headers, body = fetch(f"{stack.url}/fr/", **{"Accept-Encoding": "identity"})
    assert status == 200 and "Content-Encoding" not in headers
    assert b'<html lang="fr"' in body


def test_an_image_rendition_comes_from_nginx_revalidated(stack):
    _status, _headers, body = fetch(f"{stack.url}/fr/")
    images = [url for url in links(body.decode()) if url.startswith("/media/images/")]
    assert images, "the home page shows no rendition"
    status, headers, image = fetch(stack.url + images[0])
    assert status == 200
    assert headers["Content-Type"] == "image/webp"
    assert image[:4] == b"RIFF" and image[8:12] == b"WEBP"
    # Revalidated, not immutable: a replaced image may keep its rendition's name.
    assert headers["Cache-Control"] == "public, no-cache"
    assert "X-Frame-Options" not in headers  # nginx answered, not Django


def test_a_static_file_is_compressed_and_cached_for_a_year(stack):
    _status, _headers, body = fetch(f"{stack.url}/fr/")
    (stylesheet,) = [
        url for url in links(body.decode()) if re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    ]
    status, headers, css = fetch(stack.url + stylesheet, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == LONG_CACHE
    assert b"{" in gzip.decompress(css)


def project_document(stack):
    """The first document linked from a project page, as the site links it."""
    _status, _headers, body = fetch(f"{stack.url}/fr/projets/")
    for url in links(body.decode()):
        if url.startswith("/fr/") and url.count("/") == 4:
            _status, _headers, page = fetch(stack.url + url)
            documents = [link for link in links(page.decode()) if link.startswith("/documents/")]
            if documents:
                return documents[0]
    pytest.fail("no project page links a document")


def test_a_document_goes_through_wagtails_view_and_is_sent_by_nginx(stack):
    url = project_document(stack)
    status, headers, pdf = fetch(stack.url + url)
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    assert int(headers["Content-Length"]) == len(pdf)
    # Wagtail's view answered (it names the file), nginx sent the bytes (X-Accel-Redirect).
    assert 'filename="' in headers["Content-Disposition"]
    assert headers["Content-Security-Policy"] == "default-src 'none'"
    assert "X-Accel-Redirect" not in headers


def test_media_documents_are_never_served_straight_from_disk(stack):
    url = project_document(stack)
    filename = url.rsplit("/", 1)[-1]
    for path in (f"/media/documents/{filename}", f"/_protected_documents/{filename}", "/media/"):
        status, _headers, body = fetch(stack.url + path)
        assert status == 404, path
        assert b"%PDF" not in body


def test_the_health_check_answers_through_nginx_without_cookies(stack):
    status, headers, body = fetch(f"{stack.url}/healthz")
    assert status == 200
    assert b'"status": "ok"' in body
    assert "Set-Cookie" not in headers
