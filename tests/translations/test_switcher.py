"""The language switcher leads to the same page in the other language, and back."""

import re

import pytest
from django.utils import translation
from wagtail.models import Page

pytestmark = pytest.mark.django_db

SWITCH_LINK = re.compile(r'<a class="language-switcher__link" href="([^"]+)" hreflang="(\w+)"')


def switcher_links(response):
    return {language: url for url, language in SWITCH_LINK.findall(response.text)}


def test_switcher_on_a_project_points_to_its_english_version(client):
    response = client.get("/fr/migrations-et-integration/migraction/")
    assert switcher_links(response) == {"en": "/en/migration-and-integration/migraction/"}


def test_every_page_links_to_its_other_language_and_back(client):
    pages = Page.objects.live().filter(depth__gt=1)
    assert pages.count() > 30
    for page in pages:
        with translation.override("fr"):
            french_url = page.specific.get_url()
        assert french_url.startswith("/fr/"), french_url
        french = client.get(french_url)
        assert french.status_code == 200, french_url
        english_url = switcher_links(french)["en"]
        english = client.get(english_url)
        assert english.status_code == 200, english_url
        assert switcher_links(english)["fr"] == french_url
        assert f'hreflang="fr" href="http://testserver{french_url}"' in english.text
        assert f'hreflang="en" href="http://testserver{english_url}"' in english.text


def test_switcher_labels_are_in_their_own_language(client):
    response = client.get("/fr/")
    assert 'lang="en">Read this page in English</a>' in response.text
    response = client.get("/en/")
    assert 'lang="fr">Lire cette page en français</a>' in response.text


def test_root_redirects_to_the_visitors_language(client):
    assert client.get("/").headers["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").headers["Location"] == "/fr/"
