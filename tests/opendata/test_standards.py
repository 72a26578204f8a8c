"""Open data held to the site's standards: found (canonical, social cards, sitemap), read-only
API answering in JSON whatever the method, and the same CORS header on every open data file."""

import json
from xml.etree import ElementTree

import pytest
from django.test import Client

from tests.html import select

pytestmark = pytest.mark.django_db

PAGES = {"fr": "/fr/donnees-ouvertes/", "en": "/en/open-data/"}


def meta(response, attribute, name):
    found = select(response, f'meta[{attribute}="{name}"]')
    return found[0].get("content") if found else None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_open_data_page_has_a_canonical_and_social_cards(client, language):
    response = client.get(PAGES[language])
    assert response.status_code == 200
    (canonical,) = select(response, 'link[rel="canonical"]')
    assert canonical.get("href") == f"http://testserver{PAGES[language]}"
    assert meta(response, "property", "og:url") == canonical.get("href")
    assert meta(response, "property", "og:title") in ("Open data", "Données ouvertes")
    assert meta(response, "name", "twitter:title") == meta(response, "property", "og:title")
    assert "IATI" in meta(response, "property", "og:description")
    assert meta(response, "name", "description") == meta(response, "property", "og:description")
    assert meta(response, "name", "twitter:card")
    if meta(response, "property", "og:image"):
        assert meta(response, "property", "og:image:alt")
    # Both languages are alternates of each other.
    alternates = {
        link.get("hreflang"): link.get("href") for link in select(response, 'link[rel="alternate"][hreflang]')
    }
    assert alternates["fr"].endswith(PAGES["fr"]) and alternates["en"].endswith(PAGES["en"])


def test_the_open_data_pages_are_in_the_sitemap(client):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {}
    for sitemap in index.findall("s:sitemap/s:loc", namespaces):
        root = ElementTree.fromstring(client.get(sitemap.text.replace("http://testserver", "")).content)
        for url in root.findall("s:url", namespaces):
            links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)}
            locations[url.find("s:loc", namespaces).text] = links
    for path in PAGES.values():
        links = locations[f"http://testserver{path}"]
        assert links["fr"] == f"http://testserver{PAGES['fr']}"
        assert links["en"] == f"http://testserver{PAGES['en']}"
        assert links["x-default"] == f"http://testserver{PAGES['fr']}"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/projects/", "/api/v1/partners/"])
def test_writing_to_the_api_is_a_json_405_not_a_csrf_page(method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["error"]["status"] == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_iati_file_and_the_exports_send_the_apis_cors_header(client, publisher):
    api = client.get("/api/v1/projects/")
    for path in ["/iati/activities.xml", "/en/open-data/projects.csv", "/fr/donnees-ouvertes/projets.xlsx"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == api["Access-Control-Allow-Origin"] == "*"


def test_the_iati_files_404_sends_it_too(client):
    response = client.get("/iati/activities.xml")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
