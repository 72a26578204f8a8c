"""People in each editorial role, and the page edit form as the admin would post it."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, streamfield

from tests.factories import AdministratorFactory, EditorFactory, TranslatorFactory

ROLE_FACTORIES = {
    "translator": TranslatorFactory,
    "editor": EditorFactory,
    "administrator": AdministratorFactory,
}


def make_user(role):
    """A user whose only rights come from the role's group (never a superuser), named after it."""
    return ROLE_FACTORIES[role](username=role)


@pytest.fixture
def translator(db):
    return make_user("translator")


@pytest.fixture
def editor(db):
    return make_user("editor")


@pytest.fixture
def administrator(db):
    return make_user("administrator")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def admin_form(url, form_id):
    """The fields of an admin form as a browser would post them, read as a superuser.

    Reading the form from the admin's own view means nothing already saved is lost when it is
    posted back, whoever posts it.
    """
    superuser = get_user_model().objects.create_superuser(
        "form-reader", "form-reader@example.org", "secret-password-1"
    )
    response = client_for(superuser).get(url)
    superuser.delete()
    assert response.status_code == 200
    fields = querydict_from_html(response.text, form_id=form_id)
    # Browsers drop the newline that opens a <textarea>'s content; BeautifulSoup keeps it.
    return {
        name: values if len(values) > 1 else values[0].removeprefix("\n")
        for name, values in fields.lists()
        if "__prefix__" not in name
    }


def edit_form(page, **changes):
    """The page's edit form as the admin would post it, with `changes` applied.

    Stream fields are drawn by JavaScript, so their data comes from the blocks themselves.
    """
    data = admin_form(f"/admin/pages/{page.pk}/edit/", "page-edit-form")
    specific = page.specific
    extra = {}
    for name in ["body_fr", "body_en"]:
        if hasattr(specific, name):
            stream = getattr(specific, name)
            extra[name] = streamfield(
                [(child.block_type, child.block.get_form_state(child.value)) for child in stream]
            )
    if "comments-TOTAL_FORMS" not in data:
        extra["comments"] = inline_formset([])
    data.update(nested_form_data(extra))
    data.update(changes)
    return data


def partner_form(partner, **changes):
    data = admin_form(f"/admin/snippets/partners/partner/edit/{partner.pk}/", "w-editor-form")
    data.update(changes)
    return data


def field_errors(html, name):
    """The error messages shown next to one field of a Wagtail admin form."""
    soup = WagtailTestUtils.get_soup(html)
    return [
        " ".join(error.get_text().split())
        for error in soup.select(f'[data-contentpath="{name}"] .error-message')
    ]


def field_value(html, name):
    """What a field of the re-displayed form holds (an input's value or a textarea's text)."""
    soup = WagtailTestUtils.get_soup(html)
    field = soup.find(attrs={"name": name})
    if field.name == "textarea":
        return field.get_text().removeprefix("\n")
    return field.get("value")
