"""Admin sign-in is locked for a username and address after 5 wrong passwords; page passwords too."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from wagtail.models import PageViewRestriction

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery"
LOGIN = "/admin/login/"


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def client_from(address):
    return Client(REMOTE_ADDR=address)


def fail(client, username, times):
    for _attempt in range(times):
        response = sign_in(client, username, "wrong-password")
    return response


@pytest.fixture
def admin_user(make_user):
    return make_user("claire", group="Administrators")


def test_right_password_is_refused_after_five_wrong_ones(admin_user):
    client = client_from("203.0.113.7")
    assert fail(client, "claire", 4).status_code == 200  # the form again, with its error
    locked = fail(client, "claire", 1)
    assert locked.status_code == 429
    response = sign_in(client, "claire", RIGHT)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    # Both languages on the same page.
    assert "Connexion bloquée" in page and "Sign-in locked" in page
    assert "15 minutes" in page


def test_other_users_and_other_addresses_are_not_locked(admin_user, make_user):
    make_user("marc", group="Editors")
    fail(client_from("203.0.113.7"), "claire", 5)

    other_user = client_from("203.0.113.7")
    assert sign_in(other_user, "marc", RIGHT).status_code == 302
    other_address = client_from("198.51.100.20")
    assert sign_in(other_address, "claire", RIGHT).status_code == 302


def test_forwarded_for_header_cannot_dodge_the_lock(admin_user):
    client = client_from("203.0.113.7")
    fail(client, "claire", 5)
    assert (
        client.post(
            LOGIN, {"username": "claire", "password": RIGHT}, HTTP_X_FORWARDED_FOR="10.9.9.9"
        ).status_code
        == 429
    )


def test_axes_reset_command_unlocks(admin_user):
    client = client_from("203.0.113.7")
    fail(client, "claire", 5)
    call_command("axes_reset_username", "claire")
    assert sign_in(client, "claire", RIGHT).status_code == 302


def test_administrator_unlocks_from_the_admin(admin_user, make_user):
    client = client_from("203.0.113.7")
    fail(client, "claire", 5)

    manager = client_from("198.51.100.1")
    manager.force_login(make_user("root", is_superuser=True))
    listing = manager.get("/admin/security/lockouts/")
    assert listing.status_code == 200
    assert "claire" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="claire")
    assert manager.post("/admin/security/lockouts/", {"attempt": attempt.pk}).status_code == 302
    assert sign_in(client, "claire", RIGHT).status_code == 302


def test_editors_cannot_see_or_lift_locks(admin_user, make_user):
    fail(client_from("203.0.113.7"), "claire", 5)
    editor = Client()
    editor.force_login(make_user("eve", group="Editors"))
    attempt = AccessAttempt.objects.get(username="claire")
    assert editor.get("/admin/security/lockouts/").status_code in (302, 403)
    assert editor.post("/admin/security/lockouts/", {"attempt": attempt.pk}).status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# Password-protected pages --------------------------------------------------------------------


@pytest.fixture
def protected_page():
    cache.clear()
    page = ProjectPage.objects.live().first()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    yield page, restriction
    cache.clear()


def submit_page_password(client, page, restriction, password):
    url = f"/fr/_util/authenticate_with_password/{restriction.id}/{page.id}/"
    return client.post(url, {"password": password, "return_url": page.url})


def test_page_password_is_refused_after_five_wrong_ones(protected_page):
    page, restriction = protected_page
    client = client_from("203.0.113.7")
    for _attempt in range(5):
        assert submit_page_password(client, page, restriction, "guess").status_code == 200
    response = submit_page_password(client, page, restriction, "open-sesame")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de tentatives" in html and "Too many attempts" in html
    # Not granted: the page still asks for its password.
    assert "password" in client.get(page.url).content.decode().lower()
    assert client.get(page.url).status_code == 200
    assert str(restriction.id) not in str(client.session.get("passed_page_view_restrictions", []))


def test_page_password_lock_is_per_address(protected_page):
    page, restriction = protected_page
    for _attempt in range(5):
        submit_page_password(client_from("203.0.113.7"), page, restriction, "guess")
    other = client_from("198.51.100.20")
    assert submit_page_password(other, page, restriction, "open-sesame").status_code == 302
    assert restriction.id in other.session["passed_page_view_restrictions"]


def test_right_page_password_before_the_limit_works(protected_page):
    page, restriction = protected_page
    client = client_from("203.0.113.7")
    for _attempt in range(4):
        submit_page_password(client, page, restriction, "guess")
    assert submit_page_password(client, page, restriction, "open-sesame").status_code == 302


# The client address behind the shipped nginx (security/network.py) ----------------------------
# nginx on this machine connects from loopback and overwrites X-Forwarded-For with the address it
# was connected from; the test client plays nginx with REMOTE_ADDR=127.0.0.1.


def through_nginx(client_address):
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address)


def test_behind_the_proxy_the_lock_is_keyed_on_the_visitors_address(admin_user):
    fail(through_nginx("203.0.113.7"), "claire", 5)
    # The attacker is locked out; the account's owner, elsewhere, is not (all come from nginx).
    assert sign_in(through_nginx("203.0.113.7"), "claire", RIGHT).status_code == 429
    assert sign_in(through_nginx("198.51.100.20"), "claire", RIGHT).status_code == 302


def test_behind_the_proxy_page_passwords_are_limited_per_visitor(protected_page):
    page, restriction = protected_page
    for _attempt in range(5):
        submit_page_password(through_nginx("203.0.113.7"), page, restriction, "guess")
    assert (
        submit_page_password(through_nginx("203.0.113.7"), page, restriction, "open-sesame").status_code
        == 429
    )
    assert (
        submit_page_password(through_nginx("198.51.100.20"), page, restriction, "open-sesame").status_code
        == 302
    )


def test_a_rotating_forwarded_for_sent_straight_to_the_app_server_does_not_dodge_the_lock(admin_user):
    # Someone reaching gunicorn without nginx (not the supported setup) sends their own header.
    for number in range(5):
        sign_in(Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"), "claire", "wrong")
    spoofed = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert sign_in(spoofed, "claire", RIGHT).status_code == 429


def test_an_administrator_cannot_unlock_a_superusers_sign_in(make_user):
    make_user("root", is_superuser=True)
    fail(client_from("203.0.113.7"), "root", 5)
    attempt = AccessAttempt.objects.get(username="root")
    manager = Client()
    manager.force_login(make_user("claire", group="Administrators"))
    response = manager.post("/admin/security/lockouts/", {"attempt": attempt.pk}, follow=True)
    assert "superutilisateur" in response.text or "superuser" in response.text
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert sign_in(client_from("203.0.113.7"), "root", RIGHT).status_code == 429

    superuser = Client()
    superuser.force_login(make_user("other-root", is_superuser=True))
    assert superuser.post("/admin/security/lockouts/", {"attempt": attempt.pk}).status_code == 302
    assert sign_in(client_from("203.0.113.7"), "root", RIGHT).status_code == 302
