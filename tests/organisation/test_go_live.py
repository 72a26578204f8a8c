"""Going live without placeholders: no public page shows a bracketed "[À compléter]", the
tagline stands in for an empty name, and the admin's home lists what staff must still give."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.coreutils import safe_snake_case
from wagtail.models import Page, Site

from opendata.models import OpenDataSettings
from organisation.models import OrganisationSettings
from tests.html import select, select_one

pytestmark = pytest.mark.django_db

# "[À compléter] …", "[To complete] …", "[TODO]", "[Nom]": text meant for staff, in brackets.
PLACEHOLDER = re.compile(r"\[\s*(?:à compléter|a completer|to complete|todo|tbd|nom|name|xxx)[^\]]*\]", re.I)


def visible_text(html):
    body = html[html.index("<body") :]
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S))


def public_urls():
    urls = []
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        for language in ("fr", "en"):
            with translation.override(language):
                url = page.get_url()
            if url:
                urls.append(url)
    return urls


def test_no_public_page_of_the_demo_shows_a_bracketed_placeholder(client):
    urls = public_urls()
    assert len(urls) >= 2 * 35  # home, indexes, programs, 28 projects, About: in both languages
    assert {url[:4] for url in urls} == {"/fr/", "/en/"}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not PLACEHOLDER.search(visible_text(response.text)), url
        assert not PLACEHOLDER.search(response.text), url  # nor in titles, meta or JSON-LD


def test_the_check_above_can_fail(client):
    organisation = OrganisationSettings.objects.get()
    organisation.name_fr = "[À compléter] Nom de l’organisation"
    organisation.save()
    assert PLACEHOLDER.search(visible_text(client.get("/fr/").text))


def test_no_demo_field_holds_a_placeholder_even_in_drafts():
    organisation = OrganisationSettings.objects.get()
    for value in (
        organisation.name_fr,
        organisation.name_en,
        organisation.tagline_fr,
        organisation.tagline_en,
    ):
        assert not PLACEHOLDER.search(value)
    for page in Page.objects.filter(depth__gt=1).specific():
        for revision in page.revisions.all():
            assert not PLACEHOLDER.search(str(revision.content)), page.title


def checklist(client):
    """{label: (done, link)} from the admin home's checklist panel."""
    response = client.get("/admin/")
    assert response.status_code == 200
    panel = select_one(response, "#go-live-checklist-section")
    items = {}
    for item in select(panel, "li.go-live-checklist__item"):
        link = select_one(item, "a")
        items[link.text_content().strip()] = (
            "go-live-checklist__item--done" in item.get("class"),
            link.get("href"),
        )
    return items


def admin_client_in(client, language):
    """A client signed in as an Administrator whose admin speaks `language`."""
    from wagtail.users.models import UserProfile

    from tests.factories import AdministratorFactory

    user = AdministratorFactory()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def administrator_client(client):
    return admin_client_in(client, "en")


def settings_url(model, site, tab=None):
    url = reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site.pk])
    return f"{url}#tab-{safe_snake_case(tab)}" if tab else url


def test_the_go_live_checklist_lists_what_is_missing_and_links_where_it_is_fixed(administrator_client):
    """As an Administrator (not a superuser): every link is to a form the role may open."""
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    with translation.override("en"):  # the settings' tab names, as the English admin spells them
        items = checklist(administrator_client)
    assert items == {
        "Name": (False, settings_url(OrganisationSettings, site, "Identity")),
        "Logo": (False, settings_url(OrganisationSettings, site, "Identity")),
        "Contact": (False, settings_url(OrganisationSettings, site, "Contact")),
        "Legal notice": (False, settings_url(OrganisationSettings, site, "Legal notice")),
        "Privacy policy": (False, f"/admin/pages/{organisation.privacy_page_id}/edit/"),
        "IATI identity": (False, settings_url(OpenDataSettings, site)),
        # The archived projects the organisation only names have no English text yet.
        "Translations": (False, "/admin/translations/"),
    }
    for _done, url in items.values():
        assert administrator_client.get(url.split("#")[0]).status_code == 200, url


def test_each_item_is_ticked_once_staff_give_it(administrator_client):
    from projects.models import ProjectPage

    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    organisation.name_fr = "Association Exemple"
    organisation.logo = ProjectPage.objects.get(acronym="SAARA").hero_image
    organisation.email = "contact@example.org"
    organisation.publisher_fr = "Association Exemple, loi 1901"
    organisation.publication_director_fr = "Prénom Nom"
    organisation.host_fr = "Hébergeur"
    organisation.save()
    items = checklist(administrator_client)
    assert items["Name"][0] and items["Logo"][0]
    # Facts given, pages still drafts: the items now link to the pages to publish.
    assert items["Contact"] == (False, f"/admin/pages/{organisation.contact_page_id}/edit/")
    assert items["Legal notice"] == (False, f"/admin/pages/{organisation.legal_page_id}/edit/")
    for role in ("contact_page", "legal_page", "privacy_page"):
        getattr(organisation, role).specific.save_revision().publish()
    opendata = OpenDataSettings.for_site(site)
    opendata.iati_identifier = "FR-RNA-W000000000"
    opendata.organisation_type = "22"
    opendata.organisation_name_fr = "Association Exemple"
    opendata.save()
    items = checklist(administrator_client)
    assert {label: done for label, (done, _url) in items.items()} == {
        "Name": True,
        "Logo": True,
        "Contact": True,
        "Legal notice": True,
        "Privacy policy": True,
        "IATI identity": True,
        "Translations": False,
    }


def test_the_checklist_speaks_french_and_is_only_for_those_who_edit_the_settings(client):
    response = admin_client_in(client, "fr").get("/admin/")
    panel = select_one(response.text, "#go-live-checklist-section")
    text = panel.text_content()
    assert "Avant la mise en ligne" in text and "Mentions légales" in text and "À faire" in text

    from django.test import Client

    from tests.factories import EditorFactory, TranslatorFactory

    for user in (TranslatorFactory(), EditorFactory()):
        other = Client()
        other.force_login(user)
        assert "go-live-checklist" not in other.get("/admin/").text
