"""Junk in every part of a request to every public URL pattern: never a server error, never reflected raw.

Hypothesis generates the junk (query parameters, path segments, Accept-Language, Host,
cookies, form fields) from a fixed seed (`derandomize`), so every run sends the same few
hundred requests and a failure is reproducible; it then shrinks a failing request to its
simplest form.
"""

import urllib.parse

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.models import Page

from projects.models import ProgramPage, ProjectArchivePage, ProjectIndexPage, ProjectPage

pytestmark = pytest.mark.django_db

# Whatever a response repeats of the request must be escaped: this never appears as is.
MARKER = "<x\"'>"
EXAMPLES_PER_PATTERN = 24

FUZZ = hypothesis_settings(
    derandomize=True,  # the same cases on every run and every machine
    database=None,
    max_examples=EXAMPLES_PER_PATTERN,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

words = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "2",
        "99999999999999999999999",
        "1e9",
        "NaN",
        "%",
        "%00",
        "%ZZ",
        "\x00",
        "../../etc/passwd",
        "fr",
        "en",
        "VN",
        "vn",
        "ZZ",
        "active",
        "current",
        "archived",
        "migrations-et-integration",
        "migration-and-integration",
        "Vietnam",
        "Algérie",
        '"',
        "'",
        "\\",
        "*",
        "OR 1=1 --",
        "\u202e",
        "🙂",
        "a" * 300,
    ]
)
junk = st.one_of(words, st.text(max_size=24)).flatmap(
    lambda text: st.sampled_from([text, text + MARKER, MARKER + text])
)
parameter_names = st.one_of(
    st.sampled_from(["q", "page", "program", "country", "status", "p", "next", "lang", "format"]),
    junk,
)
parameters = st.lists(st.tuples(parameter_names, junk), max_size=5)
languages = st.one_of(
    st.sampled_from(["", "fr", "en", "en-GB,en;q=0.9", "de-DE,de;q=0.8", "*", "zz;q=abc", "fr;q=2,en;q=-1"]),
    junk,
)
hosts = st.one_of(
    st.sampled_from(settings.ALLOWED_HOSTS),
    st.sampled_from(settings.ALLOWED_HOSTS).map(lambda host: f"{host}:8000"),
    st.sampled_from(["evil.example", "testserver:notaport", MARKER]),  # refused with a 400
)
cookies = st.lists(
    st.tuples(st.sampled_from(["sessionid", "csrftoken", "django_language", "messages", "x"]), junk),
    max_size=3,
)


@st.composite
def requests(draw, paths):
    """A request to one of `paths`, with junk parameters, perhaps a junk path segment, and junk headers."""
    path = draw(st.sampled_from(paths))
    if draw(st.booleans()):
        segment = draw(junk)
        path = path.rstrip("/") + "/" + (urllib.parse.quote(segment) if draw(st.booleans()) else segment)
    pairs = draw(parameters)
    if pairs:
        if draw(st.booleans()):
            query = urllib.parse.urlencode(pairs)
        else:  # as sent by a client that does not encode: the server sees the raw characters
            query = "&".join(f"{name}={value}" for name, value in pairs).replace("#", "")
        path = f"{path.split('?')[0]}?{query}"
    headers = {
        "HTTP_ACCEPT_LANGUAGE": draw(languages),
        "HTTP_HOST": draw(hosts),
        "HTTP_COOKIE": "; ".join(f"{name}={value}" for name, value in draw(cookies)),
    }
    # A WSGI server hands headers over as bytes read as Latin-1 (PEP 3333): do the same.
    return path, {name: value.encode().decode("latin-1") for name, value in headers.items()}


def public_paths():
    """Every public URL pattern, with real pages' URLs in both languages."""
    program = ProgramPage.objects.live().order_by("path").first()
    project = ProjectPage.objects.live().order_by("path").first()
    document = get_document_model().objects.order_by("pk").first()
    patterns = {
        "home": ["/", "/fr/", "/en/"],
        "program": [],
        "project": [],
        "listing": [],
        "archive": [],
        "partners": [],
        "search": ["/fr/search/?q=Vietnam", "/en/search/?q=migration"],
        "feed": ["/fr/feed/", "/en/feed/"],
        "sitemap": ["/sitemap.xml", "/sitemap.xml?p=2"],
        "robots": ["/robots.txt"],
        "documents": [document.url, f"/documents/{document.pk}/", "/documents/999999/nothing.pdf"],
        "not found": ["/fr/no-such-page/", "/en/no/such/page/", "/no-such-page/"],
        "admin login": ["/admin/login/", "/admin/login/?next=/admin/pages/"],
    }
    pages = {
        "program": program,
        "project": project,
        "listing": ProjectIndexPage.objects.get(),
        "archive": ProjectArchivePage.objects.get(),
        "partners": Page.objects.get(partnerindexpage__isnull=False),
    }
    for name, page in pages.items():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                patterns[name].append(page.specific.get_url())
    return patterns


def assert_sound(response, path):
    assert response.status_code < 500, path
    # Reading a streamed body to its end closes the response, as a WSGI server would; closing
    # it again here would fire request_finished and close the test's database connection.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert MARKER not in body.decode(errors="replace"), f"{path} reflects its input unescaped"
    assert MARKER not in response.headers.get("Location", ""), f"{path} redirects to its input unescaped"


PATTERNS = [
    "home",
    "program",
    "project",
    "listing",
    "archive",
    "partners",
    "search",
    "feed",
    "sitemap",
    "robots",
    "documents",
    "not found",
    "admin login",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_junk_requests_never_fail_nor_reflect(pattern):
    paths = public_paths()[pattern]
    client = Client()

    @FUZZ
    @given(request=requests(paths))
    def check(request):
        path, headers = request
        assert_sound(client.get(path, **headers), path)

    check()


def test_junk_posted_to_the_admin_login_never_fails_nor_reflects():
    client = Client()

    @FUZZ
    @given(
        fields=st.lists(st.tuples(st.sampled_from(["username", "password", "next", "x"]), junk), max_size=4)
    )
    def check(fields):
        response = client.post("/admin/login/", dict(fields))
        assert_sound(response, f"POST /admin/login/ {fields!r}")

    check()
