"""Unknown or malformed URLs get a 404 page in the right language: never a 500, nothing reflected."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/fr/cette-page-n-existe-pas/", "Page introuvable"),
        ("/en/this-page-does-not-exist/", "Page not found"),
        ("/en/migration-and-integration/no-such-project/", "Page not found"),
        ("/fr/migrations-et-integration/migraction/de-trop/", "Page introuvable"),
    ],
)
def test_unknown_pages_are_a_404_in_the_right_language(client, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.text


def test_a_french_slug_under_the_english_prefix_is_not_found(client):
    assert client.get("/en/migrations-et-integration/").status_code == 404


def test_404_page_offers_the_other_language_and_the_home_page(client):
    response = client.get("/en/nowhere/")
    assert '<html lang="en">' in response.text
    assert 'href="/en/"' in response.text
    assert 'hreflang="fr"' in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/fr/<script>alert(1)</script>/",
        "/en/%3Cscript%3Ealert(1)%3C/script%3E/",
        "/fr/%ff%fe/",
        "/en/" + "a" * 5000 + "/",
        "/en/../../etc/passwd",
        "/xx/",
        "/fr/migrations-et-integration/migraction/?page=<b>x</b>",
    ],
)
def test_malformed_urls_never_fail_or_reflect(client, url):
    response = client.get(url)
    assert response.status_code in (200, 301, 302, 404)
    assert "<script>alert(1)" not in response.content.decode("utf-8", "replace")
    assert "<b>x</b>" not in response.content.decode("utf-8", "replace")
