"""IATI's own rules, beyond the schema: the checker (opendata.rules) catches what the ruleset
rejects, staff are told in the admin what keeps a project out of the file, the open data page
counts it, and the organisation identifier's prefix is on IATI's codelist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from lxml import etree
from wagtail.models import Site

from opendata import rules
from opendata.codelists import validate_organisation_identifier
from opendata.models import OpenDataSettings
from projects.models import ProjectPage
from tests.editorial.conftest import client_for, make_user
from tests.html import select, text

pytestmark = pytest.mark.django_db

GOOD = """
<iati-activities version="2.03"><iati-activity last-updated-datetime="2020-01-01T00:00:00+00:00">
  <iati-identifier>FR-RCS-123456789-abc</iati-identifier>
  <reporting-org ref="FR-RCS-123456789" type="22"><narrative>Org</narrative></reporting-org>
  <participating-org ref="FR-RCS-123456789" role="2" type="22"><narrative>Org</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2020-01-01"/>
  <recipient-country code="DZ" percentage="50"/><recipient-country code="MA" percentage="50"/>
  <sector vocabulary="1" code="15150" percentage="100"/>
  <document-link format="text/html" url="https://example.org/"><title><narrative>P</narrative></title>
    <category code="A12"/><language code="fr"/></document-link>
</iati-activity></iati-activities>
"""


def found(xml):
    return sorted({rule for rule, _activity, _message in rules.rule_errors(etree.fromstring(xml))})


def test_a_sound_activity_passes():
    assert found(GOOD) == []


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (
            (
                '<recipient-country code="DZ" percentage="50"/>'
                '<recipient-country code="MA" percentage="50"/>',
                "",
            ),
            "3.7.1",
        ),
        (
            (
                'percentage="50"/><recipient-country code="MA" percentage="50"',
                'percentage="50"/><recipient-country code="MA" percentage="40"',
            ),
            "3.1",
        ),
        (
            (
                '<activity-date type="2" iso-date="2020-01-01"/>',
                '<activity-date type="4" iso-date="2020-01-01"/>',
            ),
            "6.11.1",
        ),
        (('iso-date="2020-01-01"', 'iso-date="2999-01-01"'), "11.1.4"),
        (
            (
                '<activity-date type="2" iso-date="2020-01-01"/>',
                '<activity-date type="2" iso-date="2020-01-01"/>'
                '<activity-date type="4" iso-date="2019-01-01"/>',
            ),
            "11.1.3",
        ),
        (('<reporting-org ref="FR-RCS-123456789"', '<reporting-org ref="FR-RNA-W123456789"'), "1.14.2"),
        (("<iati-identifier>FR-RCS-123456789-abc", "<iati-identifier>XM-DAC-1-abc"), "1.1.1"),
        (('<sector vocabulary="1" code="15150" percentage="100"/>', ""), "6.2.2"),
        (('<activity-status code="2"/>', ""), "6.2.1"),
        (('code="DZ"', 'code="XX"'), "codelist"),
        (('format="text/html" ', ""), "6.1.5"),
    ],
)
def test_the_checker_catches_what_the_ruleset_rejects(change, rule):
    old, new = change
    assert old in GOOD
    assert rule in found(GOOD.replace(old, new))


def test_an_identifier_twice_in_the_file_is_caught():
    activity = GOOD.split('<iati-activities version="2.03">')[1].split("</iati-activities>")[0]
    assert "1.1.2" in found(f'<iati-activities version="2.03">{activity}{activity}</iati-activities>')


@pytest.mark.parametrize("identifier", ["FR-RCS-123456789", "XM-DAC-TEST-0001", "GB-COH-01234567"])
def test_identifiers_on_the_codelist_are_accepted(identifier):
    validate_organisation_identifier(identifier)


@pytest.mark.parametrize("identifier", ["FR-RNA-W000000000", "FR-INSEE-123"])
def test_an_agency_not_on_the_codelist_is_refused_with_a_suggestion(identifier):
    with pytest.raises(ValidationError) as error:
        validate_organisation_identifier(identifier)
    assert "FR-RCS" in " ".join(error.value.messages)


def test_the_settings_form_refuses_fr_rna_and_suggests_fr_rcs(db):
    admin_client = client_for(make_user("administrator"))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/opendata/opendatasettings/{site.pk}/"
    data = {"iati_identifier": "FR-RNA-W000000000", "organisation_type": "22", "organisation_name_fr": "Org"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "FR-RCS" in response.text and "FR-RNA" in response.text
    assert not OpenDataSettings.for_site(site).iati_identifier
    data["iati_identifier"] = "FR-RCS-123456789"
    assert admin_client.post(url, data).status_code == 302
    assert OpenDataSettings.for_site(site).iati_identifier == "FR-RCS-123456789"


def test_the_admin_says_what_keeps_a_project_out_of_the_file(db):
    admin_client = client_for(make_user("editor"))
    acif = ProjectPage.objects.get(acronym="ACIF")
    # The admin speaks the editor's language (French here): the rules' numbers are the same.
    text_ = admin_client.get(f"/admin/pages/{acif.pk}/edit/").text
    assert "hors du fichier IATI" in text_ or "left out of the IATI file" in text_
    assert "6.11.1" in text_
    assert "3.7.1" not in text_
    mobil = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    text_ = admin_client.get(f"/admin/pages/{mobil.pk}/edit/").text
    assert "figure dans le fichier IATI" in text_ or "is in the IATI file" in text_
    assert "6.11.1" not in text_


def test_an_actual_start_in_the_future_or_after_the_end_is_refused():
    project = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    project.actual_start_date = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        project.clean()
    assert "actual_start_date" in error.value.message_dict
    project.actual_start_date = datetime.date(2017, 1, 1)  # after its end, April 2016
    with pytest.raises(ValidationError):
        project.clean()
    project.actual_start_date = datetime.date(2002, 5, 6)
    project.clean()


def test_a_region_is_for_a_project_without_a_country():
    project = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    project.recipient_region = "589"
    with pytest.raises(ValidationError) as error:
        project.clean()
    assert "recipient_region" in error.value.message_dict


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_open_data_page_counts_what_the_file_leaves_out(client, publisher, language):
    response = client.get(f"/{language}/open-data/" if language == "en" else "/fr/donnees-ouvertes/")
    assert response.status_code == 200
    coverage = text(select(response, ".iati-coverage")[0])
    live = ProjectPage.objects.live().public().count()
    assert str(live) in coverage
    left_out = [text(item) for item in select(response, ".iati-left-out li")]
    assert len(left_out) == 2  # without a place, without a start: the demo has both
