"""What the page cache never stores nor serves: anything personal or not a plain public GET."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.editorial.conftest import client_for, edit_form

from .conftest import get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def assert_private(response):
    assert "X-Page-Cache" not in response
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_logged_in_users_get_their_own_page_and_leave_nothing_in_the_cache(editor):
    get("/en/")  # an anonymous copy is cached…
    client = client_for(editor)
    for _ in range(2):
        response = client.get("/en/")
        assert response.status_code == 200
        assert_private(response)  # …but never served to a logged-in user
        assert "wagtail-userbar" in response.text
    assert "wagtail-userbar" not in get("/en/").text


def test_the_admin_is_never_cached():
    for _ in range(2):
        response = Client().get("/admin/login/")
        assert response.status_code == 200
        assert_private(response)


def test_previews_are_never_cached(acif, editor):
    client = client_for(editor)
    preview_url = f"/admin/pages/{acif.pk}/edit/preview/"
    data = edit_form(acif, title_en="A title only the preview shows")
    assert client.post(preview_url, data).status_code == 200
    for _ in range(2):
        response = client.get(preview_url, {"mode": "en"})
        assert response.status_code == 200
        assert_private(response)
    assert "A title only the preview shows" not in get(acif.urls["en"]).text


def test_posts_are_never_cached():
    response = Client().post("/en/projects/", {"country": "VN"})
    assert "X-Page-Cache" not in response
    assert get("/en/projects/")["X-Page-Cache"] == "miss"


@pytest.mark.urls("tests.pagecache.urls")
def test_responses_that_set_cookies_are_never_cached():
    for _ in range(2):
        response = get("/sets-a-cookie/")
        assert "choice" in response.cookies
        assert_private(response)


def test_password_protected_pages_are_never_cached(acif):
    restriction = PageViewRestriction.objects.create(
        page=acif, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )
    for _ in range(2):
        form = get(acif.urls["en"])
        assert "X-Page-Cache" not in form
        assert 'name="password"' in form.text

    visitor = Client()
    response = visitor.post(
        f"/en/_util/authenticate_with_password/{restriction.pk}/{acif.pk}/",
        {"password": "s3cret-pass", "return_url": acif.urls["en"]},
    )
    assert response.status_code == 302
    for _ in range(2):
        unlocked = get(acif.urls["en"], client=visitor)
        assert acif.summary_en in unlocked.text
        assert_private(unlocked)

    # Another visitor still gets the form, never the unlocked page.
    assert acif.summary_en not in get(acif.urls["en"]).text


def test_pages_under_a_restricted_ancestor_are_never_cached(acif, editor):
    program = acif.get_parent()
    PageViewRestriction.objects.create(page=program, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = Client().get(acif.urls["en"])
        assert response.status_code == 302
        assert "X-Page-Cache" not in response

    member = client_for(editor)
    for _ in range(2):
        response = member.get(acif.urls["en"])
        assert response.status_code == 200
        assert_private(response)
    assert Client().get(acif.urls["en"]).status_code == 302
