"""Two-factor sign-in: offered to staff, required for Administrators when REQUIRE_2FA_FOR_ADMINS is on."""

import base64
import time

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery"


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def sign_in(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": RIGHT})
    assert response.status_code == 302
    return response


@override_settings(REQUIRE_2FA_FOR_ADMINS=True)
def test_administrator_must_set_up_two_factor_before_using_the_admin(client, make_user):
    admin = make_user("claire", group="Administrators")
    sign_in(client, admin)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/setup/")

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    html = setup.content.decode()
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    assert base64.b32encode(device.bin_key).decode() in html
    assert 'src="data:image/svg+xml' in html

    wrong = client.post("/admin/two-factor/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200
    assert client.get("/admin/pages/").status_code == 302

    time.sleep(1.1)  # django-otp makes the next try wait a second after a wrong code
    right = client.post("/admin/two-factor/setup/", {"token": current_code(device), "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200


@override_settings(REQUIRE_2FA_FOR_ADMINS=True)
def test_superuser_is_required_too_and_editors_are_not(client, make_user):
    root = make_user("root", is_superuser=True)
    sign_in(client, root)
    assert client.get("/admin/").status_code == 302

    client.logout()
    editor = make_user("eve", group="Editors")
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200


@override_settings(REQUIRE_2FA_FOR_ADMINS=False)
def test_not_required_when_the_setting_is_off(client, make_user):
    sign_in(client, make_user("claire", group="Administrators"))
    assert client.get("/admin/").status_code == 200


def test_anyone_with_a_device_enters_a_code_after_the_password(client, make_user):
    editor = make_user("eve", group="Editors")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/")
    assert client.post("/admin/two-factor/verify/", {"token": "123456"}).status_code == 200
    assert client.get("/admin/pages/").status_code == 302

    time.sleep(1.1)  # django-otp makes the next try wait a second after a wrong code
    verified = client.post(
        "/admin/two-factor/verify/", {"token": current_code(device), "next": "/admin/pages/"}
    )
    assert verified.status_code == 302 and verified["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_verify_page_does_not_redirect_elsewhere(client, make_user):
    editor = make_user("eve", group="Editors")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, editor)
    response = client.post(
        "/admin/two-factor/verify/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_account_page_offers_two_factor(client, make_user):
    sign_in(client, make_user("eve", group="Editors"))
    assert "/admin/two-factor/setup/" in client.get("/admin/account/").content.decode()


# Every sign-in path -----------------------------------------------------------------------------


@pytest.fixture
def login_restricted_page():
    from wagtail.models import PageViewRestriction

    from projects.models import ProjectPage

    page = ProjectPage.objects.live().get(acronym="SAARA")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_public_login_asks_for_the_code_too(client, make_user, login_restricted_page, language):
    from django.utils import translation

    editor = make_user("eve", group="Editors")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    with translation.override(language):
        page_url = login_restricted_page.get_url()
    response = client.post(
        f"/{language}/_util/login/", {"username": "eve", "password": RIGHT, "next": page_url}
    )
    assert response.status_code == 302
    # The password alone does not open the restricted page: the code is asked first.
    page = client.get(page_url)
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/two-factor/verify/")
    assert login_restricted_page.title not in page.content.decode()

    verified = client.post("/admin/two-factor/verify/", {"token": current_code(device), "next": page_url})
    assert verified.status_code == 302 and verified["Location"] == page_url
    assert client.get(page_url).status_code == 200


def test_a_member_without_admin_access_signs_in_publicly_as_before(client, make_user, login_restricted_page):
    make_user("member")
    url = login_restricted_page.get_url()
    client.post("/fr/_util/login/", {"username": "member", "password": RIGHT, "next": url})
    assert client.get(url).status_code == 200


@override_settings(REQUIRE_2FA_FOR_STAFF=True)
def test_every_staff_member_must_set_it_up_when_the_setting_says_so(client, make_user, login_restricted_page):
    for username, group in (("tom", "Translators"), ("eve", "Editors")):
        client.logout()
        sign_in(client, make_user(username, group=group))
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/two-factor/setup/")
    # Through the public sign-in as well.
    client.logout()
    url = login_restricted_page.get_url()
    client.post("/fr/_util/login/", {"username": "eve", "password": RIGHT, "next": url})
    assert client.get(url)["Location"].startswith("/admin/two-factor/setup/")


@override_settings(REQUIRE_2FA_FOR_STAFF=True)
def test_members_without_admin_access_are_not_asked_to_set_it_up(client, make_user, login_restricted_page):
    make_user("member")
    url = login_restricted_page.get_url()
    client.post("/fr/_util/login/", {"username": "member", "password": RIGHT, "next": url})
    assert client.get(url).status_code == 200
