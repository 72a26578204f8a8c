"""The open data page, linked from every footer, and who may change the open data settings."""

import pytest
from wagtail.models import Site

from opendata.models import OpenDataSettings
from projects.models import ProgramPage
from tests.editorial.conftest import client_for, edit_form, field_errors, make_user

pytestmark = pytest.mark.django_db


def test_footer_links_to_the_page_in_each_language(client):
    assert 'href="/fr/donnees-ouvertes/">Données ouvertes</a>' in client.get("/fr/").text
    assert 'href="/en/open-data/">Open data</a>' in client.get("/en/").text


def test_page_lists_every_way_in_and_the_licence(client, publisher):
    html = client.get("/en/open-data/").text
    assert "<h1>Open data</h1>" in html
    assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in html
    assert 'href="http://testserver/iati/activities.xml"' in html
    assert 'href="http://testserver/api/v1/"' in html
    assert 'href="/en/open-data/projects.csv"' in html
    assert 'href="/en/open-data/projects.xlsx"' in html
    assert '<link rel="alternate" type="application/xml"' in html
    assert '<link rel="alternate" type="application/json"' in html
    french = client.get("/fr/donnees-ouvertes/").text
    assert "<h1>Données ouvertes</h1>" in french
    assert 'hreflang="en" href="http://testserver/en/open-data/"' in french


def test_page_without_settings_says_what_is_missing(client):
    html = client.get("/fr/donnees-ouvertes/").text
    assert "La licence de ces données n’a pas encore été choisie" in html
    assert "Le fichier IATI n’est pas encore publié." in html
    assert 'type="application/xml"' not in html


def test_listing_announces_its_json_version(client):
    html = client.get("/en/projects/?country=VN").text
    assert '<link rel="alternate" type="application/json"' in html
    assert 'href="/api/v1/projects/?country=VN"' in html


def test_page_query_count(client, django_assert_num_queries):
    client.get("/en/open-data/")
    # Its own 3 reads, 2 for the IATI file's coverage (the projects' places and dates, their
    # programs' sector codes), and the organisation's identity, read by every HTML page in 3 more.
    with django_assert_num_queries(8):
        client.get("/en/open-data/")


def test_administrators_set_the_iati_identity(db):
    administrator = make_user("administrator")
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/opendata/opendatasettings/{site.pk}/"
    client = client_for(administrator)
    assert client.get(url).status_code == 200
    data = {
        "iati_identifier": "has spaces in it",
        "organisation_type": "21",
        "organisation_name_fr": "Nom",
        "organisation_name_en": "",
        "licence": "etalab-2.0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "FR-RCS-123456789" in " ".join(field_errors(response.text, "iati_identifier"))
    data["iati_identifier"] = "XM-DAC-TEST-0002"
    assert client.post(url, data).status_code == 302
    saved = OpenDataSettings.for_site(site)
    assert (saved.iati_identifier, saved.licence) == ("XM-DAC-TEST-0002", "etalab-2.0")


def test_editors_cannot_change_the_iati_identity(db):
    site = Site.objects.get(is_default_site=True)
    response = client_for(make_user("editor")).get(f"/admin/settings/opendata/opendatasettings/{site.pk}/")
    assert response.status_code in (302, 403)


def test_editors_set_a_program_sector_and_a_wrong_code_is_refused(db):
    client = client_for(make_user("editor"))
    program = ProgramPage.objects.get(slug_en="economic-and-professional-integration")
    url = f"/admin/pages/{program.pk}/edit/"
    response = client.post(url, edit_form(program, dac_sector="99999"))
    assert response.status_code == 200
    assert field_errors(response.text, "dac_sector") == [
        "99999 n’est pas un code-objet CAD de l’OCDE à 5 chiffres."
    ]
    response = client.post(url, edit_form(program, dac_sector="25010", **{"action-publish": "1"}))
    assert response.status_code == 302
    assert ProgramPage.objects.get(pk=program.pk).dac_sector == "25010"
