"""The site's own 404 and 500 pages, in both languages, and the 404 also in development."""

import pytest
from django.test import Client
from django.urls import path

from portfolio import urls as site_urls
from tests.html import select, select_one

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "heading", "projects", "home", "search"),
    [
        ("/fr/nulle-part/", "Page introuvable", "/fr/projets/", "/fr/", "/fr/search/"),
        ("/en/nowhere/", "Page not found", "/en/projects/", "/en/", "/en/search/"),
    ],
)
def test_the_404_page_has_the_site_look_a_search_form_and_ways_out(
    client, url, heading, projects, home, search
):
    response = client.get(url)
    assert response.status_code == 404
    main = select_one(response, "main")
    assert select_one(main, "h1").text_content() == heading
    assert select(response, ".site-header") and select(response, ".site-footer")
    form = select_one(main, "form.error-page__search")
    assert form.get("action") == search and form.cssselect('input[name="q"]')
    links = [link.get("href") for link in main.cssselect(".error-page__links a")]
    assert links == [projects, home]
    assert select_one(main, "img.error-page__illustration").get("alt") == ""


def test_in_development_a_wrong_url_shows_the_site_404_not_django_technical_one(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "portfolio.errors.SiteNotFoundMiddleware"]
    response = Client().get("/en/nowhere/")
    assert response.status_code == 404
    assert "Page not found" in response.text and "error-page" in response.text
    assert "Using the URLconf" not in response.text


def test_without_the_middleware_debug_shows_the_technical_404(settings):
    """The test above can fail: DEBUG alone shows Django's page."""
    settings.DEBUG = True
    response = Client().get("/en/nowhere/")
    assert response.status_code == 404
    assert "error-page" not in response.text


def boom(request):
    raise RuntimeError("a failure the 500 page must not show")


urlpatterns = [path("fr/boom/", boom), path("en/boom/", boom), *site_urls.urlpatterns]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "first", "second"),
    [
        ("/fr/boom/", "Une erreur est survenue", "Something went wrong"),
        ("/en/boom/", "Something went wrong", "Une erreur est survenue"),
    ],
)
def test_the_500_page_speaks_the_visitor_language_first_and_reads_no_database(
    url, first, second, django_assert_num_queries
):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 500
    assert "a failure the 500 page must not show" not in response.text
    (h1,) = select(response, "h1")
    assert h1.text_content() == first
    other = select_one(response, ".error-page__text[lang]")
    assert select_one(other, "h2").text_content() == second
    assert select(response, 'link[rel="stylesheet"][href$="site.css"]')
    language = url[1:3]
    other_language = "en" if language == "fr" else "fr"
    forms = [form.get("action") for form in select(response, "form.error-page__search")]
    assert forms == [f"/{language}/search/", f"/{other_language}/search/"]
