"""Django's Cache-Control, which nginx (or a CDN) follows: public pages for s-maxage, the rest private."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import PageViewRestriction

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=30"


@pytest.fixture(autouse=True)
def bound(settings):
    settings.EDGE_CACHE_SECONDS = 30


def private(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and not directives & {"public", "s-maxage=30"}


@pytest.mark.parametrize("url", ["/fr/", "/en/projects/", "/fr/projets/?country=VN", "/en/search/?q=Vietnam"])
def test_anonymous_pages_are_public_for_the_bound_with_an_etag_from_the_body(client, url):
    response = client.get(url)
    assert response["Cache-Control"] == PUBLIC
    assert "ETag" in response
    assert "Set-Cookie" not in response
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_etag_changes_with_what_the_page_shows(client):
    project = ProjectPage.objects.live().first()
    url = project.get_url()
    before = client.get(url)["ETag"]
    ProjectPage.objects.filter(pk=project.pk).update(summary_fr="Un autre résumé")
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_pages_are_compressed_by_django_for_nginx_to_keep(client):
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == PUBLIC


def test_signed_in_users_the_admin_and_sessions_are_private(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "secret-password-1")
    assert private(client.get("/admin/login/"))
    signed_in = Client()
    signed_in.force_login(user)
    assert private(signed_in.get("/fr/"))
    assert private(signed_in.get("/admin/"))
    assert private(Client(HTTP_AUTHORIZATION="Basic eDp5").get("/fr/"))


def test_password_protected_pages_are_private(client):
    project = ProjectPage.objects.live().first()
    PageViewRestriction.objects.create(
        page=project, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )
    response = client.get(project.get_url())
    assert 'name="password"' in response.text
    assert private(response)


def test_login_restricted_pages_are_never_public(client):
    project = ProjectPage.objects.live().first()
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(project.get_url())
    assert response.status_code == 302
    assert "public" not in response.get("Cache-Control", "")


def test_answers_that_vary_on_language_posts_and_errors_are_not_public(client):
    assert "public" not in client.get("/").get("Cache-Control", "")  # redirect by Accept-Language
    assert "public" not in client.post("/fr/projets/").get("Cache-Control", "")
    assert "public" not in client.get("/fr/no-such-page/").get("Cache-Control", "")
    assert "no-store" in client.get("/healthz")["Cache-Control"]  # the view's own, kept


def test_a_sitemap_without_a_page_is_never_answered_not_modified(client):
    """The sitemap's own Last-Modified is its newest page's: a removal would not move it."""
    before = client.get("/sitemap-pages.xml")
    ProjectPage.objects.live().first().unpublish()
    response = client.get("/sitemap-pages.xml", HTTP_IF_NONE_MATCH=before["ETag"])
    assert response.status_code == 200
