"""No escalation: only superusers grant or touch superuser status, and only publishers delete
pages, whichever admin path is taken (single views and bulk actions)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from projects.models import ProjectPage

from .conftest import client_for

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "An0ther-long-passphrase"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "original-password-1")


@pytest.fixture
def colleague(db):
    user = User.objects.create_user("colleague", "colleague@example.org", "original-password-1")
    user.groups.add(Group.objects.get(name="Translators"))
    return user


def messages_text(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def refused(response):
    assert response.status_code == 302
    assert response.url == "/admin/users/"
    text = messages_text(response)
    assert "superutilisateur" in text or "superuser" in text


def new_user_form(username, **extra):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "New",
        "last_name": "Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "groups": [Group.objects.get(name="Editors").pk],
        **extra,
    }


def edit_user_form(user, **extra):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "First",
        "last_name": user.last_name or "Last",
        "is_active": "on" if user.is_active else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": list(user.groups.values_list("pk", flat=True)),
        **extra,
    }
    return {key: value for key, value in data.items() if value != ""}


def test_an_administrator_cannot_create_a_superuser(administrator):
    response = client_for(administrator).post("/admin/users/new/", new_user_form("sneaky", is_superuser="on"))
    refused(response)
    assert not User.objects.filter(username="sneaky").exists()


def test_an_administrator_still_creates_ordinary_users(administrator):
    response = client_for(administrator).post("/admin/users/new/", new_user_form("newcomer"))
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]


def test_an_administrator_cannot_promote_a_user_to_superuser(administrator, colleague):
    response = client_for(administrator).post(
        f"/admin/users/edit/{colleague.pk}/", edit_user_form(colleague, is_superuser="on")
    )
    refused(response)
    colleague.refresh_from_db()
    assert not colleague.is_superuser


def test_an_administrator_still_edits_ordinary_users(administrator, colleague):
    response = client_for(administrator).post(
        f"/admin/users/edit/{colleague.pk}/", edit_user_form(colleague, first_name="Renamed")
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.first_name == "Renamed"


@pytest.mark.parametrize(
    "change",
    [
        {"password1": PASSWORD, "password2": PASSWORD},
        {"is_superuser": ""},  # demote
        {"is_active": ""},  # deactivate
    ],
    ids=["password", "demote", "deactivate"],
)
def test_an_administrator_cannot_change_a_superuser(administrator, superuser, change):
    client = client_for(administrator)
    refused(client.get(f"/admin/users/edit/{superuser.pk}/"))
    data = {key: value for key, value in {**edit_user_form(superuser), **change}.items() if value != ""}
    refused(client.post(f"/admin/users/edit/{superuser.pk}/", data))
    superuser.refresh_from_db()
    assert superuser.is_superuser and superuser.is_active
    assert superuser.check_password("original-password-1")


def test_an_administrator_cannot_delete_a_superuser(administrator, superuser):
    response = client_for(administrator).post(f"/admin/users/delete/{superuser.pk}/")
    assert response.status_code == 302
    assert User.objects.filter(pk=superuser.pk).exists()


BULK_ACTIONS = {
    "delete": ({}, lambda user: not User.objects.filter(pk=user.pk).exists()),
    "set_active_state": (
        {"mark_as_active": "False"},
        lambda user: not User.objects.get(pk=user.pk).is_active,
    ),
    "assign_role": (
        {"role": "translators"},
        lambda user: User.objects.get(pk=user.pk).groups.filter(name="Translators").exists(),
    ),
}


def bulk(client, action, user):
    data, _done = BULK_ACTIONS[action]
    if data.get("role"):
        data = {"role": Group.objects.get(name="Translators").pk}
    return client.post(f"/admin/bulk/auth/user/{action}/?id={user.pk}&next=/admin/users/", data)


@pytest.mark.parametrize("action", BULK_ACTIONS)
def test_user_bulk_actions_never_reach_a_superuser_for_an_administrator(administrator, superuser, action):
    response = bulk(client_for(administrator), action, superuser)
    assert response.status_code in (200, 302)
    assert not BULK_ACTIONS[action][1](superuser)
    superuser.refresh_from_db()
    assert superuser.is_superuser and superuser.is_active


@pytest.mark.parametrize("action", BULK_ACTIONS)
def test_user_bulk_actions_still_work_on_ordinary_users(administrator, action):
    target = User.objects.create_user("target", "target@example.org", "original-password-1")
    response = bulk(client_for(administrator), action, target)
    assert response.status_code == 302
    assert BULK_ACTIONS[action][1](target)


@pytest.mark.parametrize("action", BULK_ACTIONS)
def test_a_superuser_may_act_on_another_superuser(superuser, action):
    other = User.objects.create_superuser("other-root", "other@example.org", "original-password-1")
    response = bulk(client_for(superuser), action, other)
    assert response.status_code == 302
    assert BULK_ACTIONS[action][1](other)


def test_a_superuser_may_create_a_superuser(superuser):
    response = client_for(superuser).post("/admin/users/new/", new_user_form("deputy", is_superuser="on"))
    assert response.status_code == 302
    assert User.objects.get(username="deputy").is_superuser


@pytest.fixture
def draft():
    """A never-published leaf page: Wagtail lets anyone who may change it delete it."""
    program = ProjectPage.objects.get(acronym="SAARA").get_parent()
    page = ProjectPage(
        title="Brouillon", title_fr="Brouillon", slug="brouillon", slug_fr="brouillon", live=False
    )
    program.add_child(instance=page)
    page.save_revision()
    return page


def bulk_delete_pages(client, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"/admin/bulk/wagtailcore/page/delete/?{ids}&next=/admin/pages/", {})


def test_a_translator_cannot_bulk_delete_a_draft_page(translator, draft):
    response = bulk_delete_pages(client_for(translator), draft)
    assert response.status_code == 302
    assert ProjectPage.objects.filter(pk=draft.pk).exists()


def test_an_editor_bulk_deletes_a_draft_page(editor, draft):
    response = bulk_delete_pages(client_for(editor), draft)
    assert response.status_code == 302
    assert not ProjectPage.objects.filter(pk=draft.pk).exists()


def test_the_admin_api_reads_pages_but_has_no_write_actions(translator, editor, draft):
    client = client_for(translator)
    assert client.get(f"/admin/api/main/pages/{draft.pk}/").status_code == 200
    assert client.post(f"/admin/api/main/pages/{draft.pk}/action/delete/", {}).status_code == 403
    assert ProjectPage.objects.filter(pk=draft.pk).exists()

    project = ProjectPage.objects.get(acronym="SAARA")
    incomplete = project.get_latest_revision_as_object()
    incomplete.summary_fr = ""
    incomplete.save_revision()
    response = client_for(editor).post(f"/admin/api/main/pages/{project.pk}/action/publish/", {})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.summary_fr


def test_the_superuser_checkbox_is_offered_to_superusers_only(administrator, superuser, colleague):
    for url in ["/admin/users/new/", f"/admin/users/edit/{colleague.pk}/"]:
        assert 'name="is_superuser"' not in client_for(administrator).get(url).text
        assert 'name="is_superuser"' in client_for(superuser).get(url).text


# Wagtail's copy views ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["superuser", "self", "colleague"])
def test_the_user_copy_view_grants_nothing_and_overwrites_nothing(
    administrator, superuser, colleague, target
):
    account = {"superuser": superuser, "self": administrator, "colleague": colleague}[target]
    client = client_for(administrator)
    # No such screen: the admin's "not found" (through the public site's language redirect).
    assert client.get(f"/admin/users/copy/{account.pk}/", follow=True).status_code == 404
    response = client.post(
        f"/admin/users/copy/{account.pk}/", new_user_form("hijacker", is_superuser="on", is_active="on")
    )
    assert response.status_code in (302, 404)
    account.refresh_from_db()
    assert account.username != "hijacker"
    assert not account.check_password(PASSWORD)
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert not User.objects.filter(username="hijacker").exists()
    # Nor is it offered in the list of users.
    assert "/admin/users/copy/" not in client.get("/admin/users/").text


def test_copying_a_partner_makes_a_new_partner_and_leaves_the_original(editor):
    from partners.models import Partner

    from .conftest import partner_form

    original = Partner.objects.get(acronym="GRDR")
    name = original.name_fr
    data = partner_form(original, name_fr="Copie du partenaire", name_en="Copied partner", acronym="COPY")
    response = client_for(editor).post(f"/admin/snippets/partners/partner/copy/{original.pk}/", data)
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.name_fr == name and original.acronym == "GRDR"
    copy = Partner.objects.get(acronym="COPY")
    assert copy.pk != original.pk and copy.name_fr == "Copie du partenaire"
