"""The directory groups organisations by role, sorts names as readers do, and links websites."""

import pytest

from opendata.iati import PARTNER_ROLES
from partners.models import Partner, PartnerRole
from portfolio.languages import reading_key
from projects.models import ProjectPage, ProjectPartner
from tests.html import select, text

pytestmark = pytest.mark.django_db


def groups(html):
    """[(heading, [names])] of the directory page, in page order."""
    return [
        (
            text(section.cssselect("h2")[0]),
            [text(name) for name in section.cssselect(".partner-directory__name")],
        )
        for section in select(html, "section.partner-group")
    ]


def publish(name):
    partner = Partner.objects.create(name=name, name_fr=name, name_en=name, website="https://example.org/")
    partner.save_revision().publish()
    return partner


def test_reading_order_ignores_case_and_accents():
    names = ["Zèbre", "École des parents", "eau vive", "Ecole Nicolas", "abeille", "Élan"]
    assert sorted(names, key=reading_key) == [
        "abeille",
        "eau vive",
        "École des parents",
        "Ecole Nicolas",
        "Élan",
        "Zèbre",
    ]


@pytest.mark.parametrize(
    ("url", "funders", "partners"),
    [("/en/partners/", "Funders", "Partners"), ("/fr/partenaires/", "Financeurs", "Partenaires")],
)
def test_directory_groups_by_role_funders_first_and_sorts_names(client, url, funders, partners):
    acif = ProjectPage.objects.get(acronym="ACIF")
    for name, role in [
        ("école régionale", PartnerRole.FUNDER),
        ("Agence du Sud", PartnerRole.FUNDER),
        ("Élan solidaire", PartnerRole.PARTNER),
    ]:
        ProjectPartner.objects.create(page=acif, partner=publish(name), role=role)
    found = groups(client.get(url).text)
    assert [heading for heading, _names in found] == [funders, partners]
    assert found[0][1] == ["Agence du Sud", "école régionale"]
    names = found[1][1]
    assert names == sorted(names, key=reading_key)
    assert names.index("Élan solidaire") < names.index("GRDR")
    assert "CODASE" in names


def test_an_organisation_is_listed_once_under_its_most_prominent_role(client):
    council = Partner.objects.get(name_en="Ile-de-France Regional Council")
    ProjectPartner.objects.create(
        page=ProjectPage.objects.get(acronym="ACIF"), partner=council, role=PartnerRole.CO_FUNDER
    )
    html = client.get("/en/partners/").text
    assert html.count(f'id="partner-{council.pk}"') == 1
    assert [heading for heading, _names in groups(html)] == ["Co-funders", "Partners"]
    assert "(Co-funder)" in html and "(Partner)" in html


def test_websites_are_linked(client):
    partner = publish("Association au site")
    ProjectPartner.objects.create(page=ProjectPage.objects.get(acronym="ACIF"), partner=partner)
    html = client.get("/fr/partenaires/").text
    assert '<a href="https://example.org/" rel="external">Site web de Association au site</a>' in html


def test_every_role_is_translated_and_has_an_iati_role():
    from django.utils import translation

    with translation.override("fr"):
        labels = {str(label) for _value, label in PartnerRole.choices}
    assert labels == {"Partenaire", "Partenaire de mise en œuvre", "Financeur", "Cofinanceur"}
    assert set(PARTNER_ROLES) == set(PartnerRole)
    assert PARTNER_ROLES[PartnerRole.CO_FUNDER] == "1"
