"""No public page carries inline JavaScript or inline styles, so a strict CSP stays possible.

The only <script> elements allowed are JSON-LD data blocks, which browsers never execute.
"""

import re

import pytest
from django.utils import translation
from wagtail.models import Page

pytestmark = pytest.mark.django_db

EXTRA_URLS = [
    "/fr/search/?q=Vietnam",
    "/en/search/?q=violence",
    "/en/no-such-page/",
    "/fr/projets/?country=VN",
]


def public_urls():
    urls = list(EXTRA_URLS)
    for page in Page.objects.live().filter(depth__gt=1):
        for language in ("fr", "en"):
            with translation.override(language):
                urls.append(page.get_url())
    return urls


def test_no_inline_script_style_or_event_handler(client):
    urls = public_urls()
    assert len(urls) > 70
    for url in urls:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        for script in re.findall(r"<script[^>]*>", html):
            assert script == '<script type="application/ld+json">', (url, script)
