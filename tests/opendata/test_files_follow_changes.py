"""The IATI file and the spreadsheet exports show every change at once.

Each change is made as an editor or administrator would make it (the admin, or Wagtail's
publish and a settings save); the files are then downloaded again.
"""

import pytest
from django.test import Client

from opendata.models import OpenDataSettings
from partners.models import Partner
from projects.models import ProjectPage
from tests.editorial.conftest import client_for, make_user, partner_form

pytestmark = pytest.mark.django_db

IATI = "/iati/activities.xml"


@pytest.fixture
def editor(db):
    return make_user("editor")


def download(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode("utf-8-sig")


def test_the_iati_file_follows_publications(publisher, editor):
    acif = ProjectPage.objects.get(acronym="ACIF")
    identifier = f"{publisher.iati_identifier}-{acif.translation_key}"
    assert identifier in download(IATI)

    acif.title_en = "Acting Together for Girls"
    acif.save_revision(user=editor).publish()
    assert "Acting Together for Girls" in download(IATI)

    assert client_for(editor).post(f"/admin/pages/{acif.pk}/unpublish/").status_code == 302
    assert identifier not in download(IATI)


def test_the_iati_file_follows_partners_and_the_open_data_settings(publisher, editor):
    partner = Partner.objects.filter(live=True, project_links__isnull=False).first()
    download(IATI)

    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {**partner_form(partner, name_fr="Partenaire renommé"), "action-publish": "1"},
    )
    assert response.status_code == 302
    assert "Partenaire renommé" in download(IATI)

    settings = OpenDataSettings.objects.get(pk=publisher.pk)
    settings.organisation_name_en = "Renamed test organisation"
    settings.save()
    assert "Renamed test organisation" in download(IATI)


def test_exports_follow_publications_and_keep_each_language_and_filter_apart(editor):
    acif = ProjectPage.objects.get(acronym="ACIF")
    english, french = "/en/open-data/projects.csv?country=FR", "/fr/donnees-ouvertes/projets.csv?country=FR"
    english_csv, french_csv = download(english), download(french)
    assert english_csv.startswith("Project,") and french_csv.startswith("Projet,")
    assert "ACIF" in english_csv
    assert download("/en/open-data/projects.csv?country=VN") != english_csv

    assert client_for(editor).post(f"/admin/pages/{acif.pk}/unpublish/").status_code == 302
    assert "ACIF" not in download(english)
    assert "ACIF" not in download(french)
